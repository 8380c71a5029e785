import { RescoreRequest } from '../../pipelines/contracts/rescore.js'
import type { Ruleset } from '../../pipelines/contracts/ruleset.js'
import { Transcript } from '../../pipelines/contracts/transcript.js'
import { formatProblems, parseJson, validate } from '../../pipelines/contracts/validate.js'
import { compileRuleset, scoreTranscript, type Scorer } from '../../pipelines/scoring/score.js'
import type { IncomingMessage, Outcome, Stage } from '../lib/kafka/bus.js'
import { HEADERS, SCHEMA_VERSION, TOPICS } from '../lib/kafka/topics.js'
import { decodeUtf8 } from '../lib/utf8.js'

/** A re-scoring run uses one or two rulesets; compiling one costs milliseconds, so a few stay compiled. */
const COMPILED_RULESETS = 4

/**
 * Scores transcripts: Transcript on calls.transcribed.v1 with the worker's ruleset, and RescoreRequest on
 * calls.rescore.v1 with the ruleset the request carries, → Scorecard on calls.scored.v1, same key and trace.
 */
export function scorerStage(scorer: Scorer, now: () => Date = () => new Date()): Stage {
  const compiled = new Map<string, Scorer>()
  const scorerFor = (ruleset: Ruleset): Scorer => {
    const key = JSON.stringify(ruleset)
    let found = compiled.get(key)
    if (!found) {
      if (compiled.size >= COMPILED_RULESETS) compiled.delete(compiled.keys().next().value!)
      found = compileRuleset(ruleset)
      compiled.set(key, found)
    }
    return found
  }
  const scoreOne = (m: IncomingMessage): Outcome => {
    const json = parseJson(m.value ? decodeUtf8(m.value) : '')
    if (!json.ok) return { kind: 'dlq', reason: formatProblems(json.problems) }
    let card
    if (m.topic === TOPICS.rescore) {
      const request = validate(RescoreRequest, json.value)
      if (!request.ok) return { kind: 'dlq', reason: `not a RescoreRequest: ${formatProblems(request.problems)}` }
      card = scoreTranscript(scorerFor(request.value.ruleset), request.value.transcript, now().toISOString())
    } else {
      const transcript = validate(Transcript, json.value)
      if (!transcript.ok) return { kind: 'dlq', reason: `not a Transcript: ${formatProblems(transcript.problems)}` }
      card = scoreTranscript(scorer, transcript.value, now().toISOString())
    }
    const headers = { ...m.headers, [HEADERS.schemaVersion]: SCHEMA_VERSION }
    return { kind: 'ok', outputs: [{ topic: TOPICS.scored, key: card.callId, value: JSON.stringify(card), headers }] }
  }
  return { name: 'scorer', topics: [TOPICS.transcribed, TOPICS.rescore], handle: async (messages) => messages.map(scoreOne) }
}
