import { Scorecard } from '../../pipelines/contracts/scorecard.js'
import { Transcript } from '../../pipelines/contracts/transcript.js'
import { formatProblems, parseJson, validate, type Parsed } from '../../pipelines/contracts/validate.js'
import type { AttributedScorecard, Store } from '../lib/clickhouse/store.js'
import type { IncomingMessage, Outcome, Stage } from '../lib/kafka/bus.js'
import { HEADERS, TOPICS } from '../lib/kafka/topics.js'
import { decodeUtf8 } from '../lib/utf8.js'

const ATTRIBUTED = ['agentId', 'teamId', 'startedAt'] as const

function parse(m: IncomingMessage): Parsed<unknown> {
  return parseJson(m.value ? decodeUtf8(m.value) : '')
}

/**
 * Lands transcripts (calls, utterances; new ones and re-transcribed archived ones) and scorecards (scorecards, rule results) in ClickHouse, a whole batch per
 * insert. It throws when the insert fails, so the batch is retried and its offsets are committed only after the rows
 * are in; the tables' ReplacingMergeTree keys make a redelivered batch harmless.
 */
export function sinkStage(store: Store): Stage {
  return {
    name: 'sink',
    topics: [TOPICS.transcribed, TOPICS.retranscribed, TOPICS.scored],
    handle: async (messages) => {
      const transcripts: Array<{ transcript: Transcript; version: number }> = []
      const cards: Array<{ card: AttributedScorecard; enteredAt: number | null }> = []
      const outcomes = messages.map((m): Outcome => {
        const json = parse(m)
        if (!json.ok) return { kind: 'dlq', reason: formatProblems(json.problems) }
        if (m.topic === TOPICS.transcribed || m.topic === TOPICS.retranscribed) {
          const t = validate(Transcript, json.value)
          if (!t.ok) return { kind: 'dlq', reason: `not a Transcript: ${formatProblems(t.problems)}` }
          // The message's timestamp orders versions of a call: a re-transcription is newer, a redelivery the same.
          transcripts.push({ transcript: t.value, version: m.timestamp })
          return { kind: 'ok', outputs: [] }
        }
        const card = validate(Scorecard, json.value)
        if (!card.ok) return { kind: 'dlq', reason: `not a Scorecard: ${formatProblems(card.problems)}` }
        const missing = ATTRIBUTED.filter((k) => card.value[k] === undefined)
        if (missing.length > 0) return { kind: 'dlq', reason: `scorecard lacks ${missing.join(', ')}` }
        const enteredAt = Number(m.headers[HEADERS.enteredAt])
        cards.push({ card: card.value as AttributedScorecard, enteredAt: Number.isFinite(enteredAt) && enteredAt > 0 ? enteredAt : null })
        return { kind: 'ok', outputs: [] }
      })
      await store.saveTranscripts(transcripts)
      await store.saveScorecards(cards)
      return outcomes
    },
  }
}
