import { describe, expect, it } from 'vitest'
import { Transcript } from '../../pipelines/contracts/transcript.js'
import {
  appendScorecardRows,
  appendTranscriptRows,
  RULE_RESULT_COLUMNS,
  SCORECARD_COLUMNS,
  scorecardRows,
  shanghaiIso,
  storedTranscript,
  type AttributedScorecard,
  type InsertRows,
  type StoredCallRow,
} from '../../services/lib/clickhouse/rows.js'
import { DEFAULT_RULESET_PATH } from '../../services/lib/rulesets/load.js'
import { parseDateRange, rulesetRef } from '../../services/cli/rescore-args.js'
import { agent, call, customer } from '../helpers/transcript.js'
import { score } from '../helpers/score.js'

describe('rescore date range', () => {
  it('covers whole days in Asia/Shanghai, both ends included', () => {
    const range = parseDateRange('2026-11-01', '2026-11-30')
    expect(new Date(range.fromMs).toISOString()).toBe('2026-10-31T16:00:00.000Z')
    expect(new Date(range.toMs).toISOString()).toBe('2026-11-30T16:00:00.000Z')
    expect(parseDateRange('2026-11-05', '2026-11-05').toMs - parseDateRange('2026-11-05', '2026-11-05').fromMs).toBe(86_400_000)
  })

  it('names the bad end: not a date, not a real day, backwards', () => {
    expect(() => parseDateRange('2026-11', '2026-11-30')).toThrow('--from must be a date like 2026-11-01 (got "2026-11")')
    expect(() => parseDateRange('2026-11-01', '2026-11-31')).toThrow('--to must be a date like 2026-11-30 (got "2026-11-31")')
    expect(() => parseDateRange('2026-11-02', '2026-11-01')).toThrow('--from 2026-11-02 is after --to 2026-11-01')
    expect(() => parseDateRange(undefined, '2026-11-01')).toThrow('--from and --to are required')
  })
})

describe('rescore ruleset references', () => {
  it('reads id@version, or the id and version of a ruleset file', () => {
    expect(rulesetRef('to-ruleset', 'acme-2026@12')).toEqual({ id: 'acme-2026', version: 12 })
    expect(rulesetRef('to-ruleset', DEFAULT_RULESET_PATH)).toEqual({ id: 'default', version: 1 })
    expect(() => rulesetRef('to-ruleset', 'acme@0')).toThrow('--to-ruleset "acme@0" is no ruleset file, nor id@version with a version from 1')
    expect(() => rulesetRef('to-ruleset', 'acme.yaml')).toThrow(/ruleset \S*acme\.yaml: \$: cannot read file: ENOENT/)
    expect(() => rulesetRef('from-ruleset', undefined)).toThrow('--from-ruleset is required')
  })
})

/** The row the store hands back for a transcript saved with appendTranscriptRows (rescore.ts's query, by hand). */
function storedRow(t: Transcript): StoredCallRow {
  const rows: Pick<InsertRows, 'calls' | 'utterances'> = { calls: [], utterances: [] }
  appendTranscriptRows(rows, t, 1_700_000_000_000)
  const c = rows.calls[0]!
  return { ...c, started_ms: Date.parse(t.startedAt), utterances: rows.utterances.map((u) => [u.idx, u.speaker, u.start_ms, u.end_ms, u.text]) }
}

describe('a stored call read back', () => {
  const said = [agent(0, 3200, '您好，某某公司，请问有什么可以帮您？'), customer(3500, 7000, '你好，我想查一下我的订单。')]
  const full = call(
    {
      callId: 'R1',
      startedAt: '2026-11-02T10:00:00.000+08:00',
      recording: { uri: 'file:///rec/R1.wav', channels: { agent: 1, customer: 0 } },
      asr: { engine: 'faster-whisper', model: 'base' },
      audio: { agent: { maxDbfs: -2.5 }, customer: { maxDbfs: -9 } },
    },
    said,
  )

  it('is the transcript it was saved from, key for key, and what the contract makes of it', () => {
    const read = storedTranscript(storedRow(full))
    expect(read).toEqual({ ok: true, value: full })
    expect(Transcript.parse(read.ok && read.value)).toEqual(read.ok && read.value)
  })

  it('rejects, with the reason, what a column type does not rule out: an unknown speaker, broken timing, a bad channel map', () => {
    const row = storedRow(full)
    row.utterances[0]![1] = 'boss'
    row.utterances[1]![3] = 3000 // ends before it starts
    row.recording_channels = '{"agent":1,"customer":1}'
    row.direction = 'sideways'
    expect(storedTranscript(row)).toEqual({
      ok: false,
      problems: [
        { path: '$.utterances[0].speaker', message: 'unknown speaker "boss"' },
        { path: '$.utterances[1].endMs', message: 'endMs must not be before startMs' },
        { path: '$.direction', message: 'unknown direction "sideways"' },
        { path: '$.recording.channels', message: 'agent and customer must be on different channels' },
      ],
    })
    const overlapping = storedRow(full)
    overlapping.utterances[1]![1] = 'agent'
    overlapping.utterances[1]![2] = 3000
    expect(storedTranscript(overlapping)).toEqual({
      ok: false,
      problems: [{ path: '$.utterances[1].startMs', message: 'agent utterance at 3000–7000 ms overlaps utterances[0] of the same speaker (ends 3200 ms)' }],
    })
  })

  it('leaves out what an older row lacks, and reads a not-yet-merged copy of an utterance once', () => {
    const bare = call({ startedAt: full.startedAt, ringSeconds: undefined, hangupBy: undefined, recording: undefined, customerNumber: undefined }, said)
    const row = storedRow(bare)
    row.utterances.splice(1, 0, row.utterances[0]!)
    const read = storedTranscript(row)
    expect(read).toEqual({ ok: true, value: bare })
    expect(score(bare).results.find((r) => r.ruleId === 'hangup-order')?.outcome).toBe('na')
  })

  it('keeps its start time as an instant, written in Beijing time', () => {
    expect(shanghaiIso(Date.parse('2026-10-31T16:30:00Z'))).toBe('2026-11-01T00:30:00.000+08:00')
  })
})

describe('scorecard rows as text', () => {
  it('holds the same rows, column for column, as the rows the store inserts', () => {
    const cards = ['R2', 'R3', 'R4'].map((callId) => score(call({ callId }, [agent(0, 3000, '喂，你找谁？'), customer(3200, 6000, '我查订单')])) as AttributedScorecard)
    const rows: Pick<InsertRows, 'scorecards' | 'ruleResults'> = { scorecards: [], ruleResults: [] }
    for (const card of cards) appendScorecardRows(rows, card, null)
    // Two blocks, as the scoring threads hand them over and the store concatenates them.
    const blocks = [scorecardRows(cards.slice(0, 1)), scorecardRows(cards.slice(1))]
    // ClickHouse stores a JSON value given for a String column as its text: the same text JSON.stringify makes.
    const asStored = (columns: readonly string[]) => (values: unknown[]) => {
      const row = Object.fromEntries(values.map((value, i) => [columns[i], value]))
      for (const column of ['scorecard', 'evidence']) if (column in row) row[column] = JSON.stringify(row[column])
      return row
    }
    // JSONCompactEachRow: rows separated by commas or newlines.
    const parsed = (table: 'scorecards' | 'ruleResults') =>
      JSON.parse(`[${Buffer.concat(blocks.map((b) => b[table])).toString().trimEnd().replaceAll('\n', ',')}]`) as unknown[][]
    expect(parsed('scorecards').map(asStored(SCORECARD_COLUMNS))).toEqual(rows.scorecards)
    expect(parsed('ruleResults').map(asStored(RULE_RESULT_COLUMNS))).toEqual(rows.ruleResults)
    expect(rows.scorecards.map((r) => r.failed_rules)).toEqual(cards.map((c) => c.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId)))
  })
})
