import { Transcript } from '../../pipelines/contracts/transcript.js'
import { formatProblems, parseJson, validate } from '../../pipelines/contracts/validate.js'
import { scoreTranscript, type Scorer } from '../../pipelines/scoring/score.js'
import type { IncomingMessage, Outcome, Stage } from '../lib/kafka/bus.js'
import { HEADERS, SCHEMA_VERSION, TOPICS } from '../lib/kafka/topics.js'

/** Scores transcripts: Transcript on calls.transcribed.v1 → Scorecard on calls.scored.v1, same key and trace. */
export function scorerStage(scorer: Scorer, now: () => Date = () => new Date()): Stage {
  const scoreOne = (m: IncomingMessage): Outcome => {
    const json = parseJson(m.value?.toString('utf8') ?? '')
    if (!json.ok) return { kind: 'dlq', reason: formatProblems(json.problems) }
    const transcript = validate(Transcript, json.value)
    if (!transcript.ok) return { kind: 'dlq', reason: `not a Transcript: ${formatProblems(transcript.problems)}` }
    const card = scoreTranscript(scorer, transcript.value, now().toISOString())
    const headers = { ...m.headers, [HEADERS.schemaVersion]: SCHEMA_VERSION }
    return { kind: 'ok', outputs: [{ topic: TOPICS.scored, key: card.callId, value: JSON.stringify(card), headers }] }
  }
  return { name: 'scorer', topics: [TOPICS.transcribed], handle: async (messages) => messages.map(scoreOne) }
}
