import type { Scorecard } from '../../pipelines/contracts/scorecard.js'
import { Transcript } from '../../pipelines/contracts/transcript.js'
import { parseJson, validate, type InputProblem, type Parsed } from '../../pipelines/contracts/validate.js'
import { scoreTranscript, type Scorer } from '../../pipelines/scoring/score.js'
import { scorecardRows, storedTranscript, type AttributedScorecard, type ScorecardRows, type StoredCallRow } from '../lib/clickhouse/rows.js'
import type { InputDocument } from './inputs.js'
import type { Messages } from './messages.js'
import { decodeUtf8 } from '../lib/utf8.js'
import { scorecardTable } from './table.js'

export type ScoreFormat = 'table' | 'json' | 'ndjson'

/**
 * What the scoring threads are given, and what they hand back beside the printed scorecards: `transcripts` are
 * Transcript documents; `stored-calls` are rows read back from the store (StoredCallRow). `keep`: nothing, each
 * transcript with its scorecard (the caller stores both), or the scorecards' rows ready to insert (re-scoring).
 */
export interface ScoreMode {
  /** Absent → nothing is printed. */
  format?: ScoreFormat
  input: 'transcripts' | 'stored-calls'
  keep: 'nothing' | 'scored' | 'scorecard-rows'
}

type ScoredDocument =
  | { source: string; problems: InputProblem[] }
  | { source: string; card: Scorecard; transcript: Transcript }

/** What a batch of inputs became: one string of printed scorecards (cheap to pass between threads) and the rest. */
export interface ScoredBatch {
  /** The scorecards as printed, in input order; for `json`, joined by ",\n" without a leading separator. */
  output: string
  scored: number
  scoreSum: number
  rejected: Array<{ source: string; problems: InputProblem[] }>
  /** Transcripts with their scorecards, when the caller stores them. */
  kept: Array<{ transcript: Transcript; scorecard: Scorecard }>
  /** The scorecards as rows for the store (keep: scorecard-rows), when the batch scored any. */
  rows?: ScorecardRows
}

function formatScorecard(card: Scorecard, format: ScoreFormat | undefined, messages: Messages): string {
  if (format === undefined) return ''
  if (format === 'ndjson') return JSON.stringify(card) + '\n'
  if (format === 'json') return JSON.stringify(card, null, 2)
  return scorecardTable(card, messages)
}

/** Parses, validates and scores one JSON document; a bad document comes back with its problems. */
function scoreJson(scorer: Scorer, source: string, json: Parsed<unknown>, input: ScoreMode['input']): ScoredDocument {
  if (!json.ok) return { source, problems: json.problems }
  let transcript: Parsed<Transcript>
  if (input === 'stored-calls') {
    const row = json.value as StoredCallRow
    source = `call ${row.call_id}`
    transcript = storedTranscript(row)
  } else {
    transcript = validate(Transcript, json.value)
  }
  if (!transcript.ok) return { source, problems: transcript.problems }
  return { source, card: scoreTranscript(scorer, transcript.value, new Date().toISOString()), transcript: transcript.value }
}

function scoreGuarded(scorer: Scorer, source: string, json: () => Parsed<unknown>, input: ScoreMode['input']): ScoredDocument {
  try {
    return scoreJson(scorer, source, json(), input)
  } catch (err) {
    // A scorer bug on one call must not stop the others; the call is reported, not lost.
    return { source, problems: [{ path: '$', message: `internal error while scoring: ${(err as Error).stack ?? err}` }] }
  }
}

/** Every document of an input item: one for a JSON value, one per non-blank line of an NDJSON block. */
function* scoreInput(scorer: Scorer, doc: InputDocument, input: ScoreMode['input']): Generator<ScoredDocument> {
  if ('problems' in doc) return yield doc
  if ('value' in doc) return yield scoreGuarded(scorer, doc.source, () => ({ ok: true, value: doc.value }), input)
  const lines = decodeUtf8(doc.lines).split('\n')
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue
    yield scoreGuarded(scorer, `${doc.source}:${doc.firstLine + i}`, () => parseJson(line.endsWith('\r') ? line.slice(0, -1) : line), input)
  }
}

export function scoreBatch(
  scorer: Scorer,
  docs: readonly InputDocument[],
  opts: ScoreMode & { messages: Messages },
): ScoredBatch {
  const outputs: string[] = []
  const cards: AttributedScorecard[] = []
  const batch: ScoredBatch = { output: '', scored: 0, scoreSum: 0, rejected: [], kept: [] }
  for (const doc of docs) {
    for (const result of scoreInput(scorer, doc, opts.input)) {
      if ('problems' in result) {
        batch.rejected.push(result)
        continue
      }
      outputs.push(formatScorecard(result.card, opts.format, opts.messages))
      batch.scored++
      batch.scoreSum += result.card.score
      if (opts.keep === 'scored') batch.kept.push({ transcript: result.transcript, scorecard: result.card })
      // scoreTranscript copies who took the call and when from the transcript, so the card is attributed.
      if (opts.keep === 'scorecard-rows') cards.push(result.card as AttributedScorecard)
    }
  }
  if (cards.length > 0) batch.rows = scorecardRows(cards)
  batch.output = outputs.join(opts.format === 'json' ? ',\n' : '')
  return batch
}
