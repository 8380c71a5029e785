import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ClickHouseClient } from '@clickhouse/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPORA_DIR, generateCalls } from '../../bench/corpora.js'
import { Scorecard, type RuleResult } from '../../pipelines/contracts/scorecard.js'
import type { Transcript } from '../../pipelines/contracts/transcript.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { openClickHouse } from '../../services/lib/clickhouse/client.js'
import { scorecardRows } from '../../services/lib/clickhouse/rows.js'
import { openStore, type AttributedScorecard } from '../../services/lib/clickhouse/store.js'
import type { StoreConfig } from '../../services/lib/config/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'

/* `callqa rescore` as a user runs it (the built CLI in a child process) against a real embedded store. */

const CLI = join(process.cwd(), 'dist', 'services', 'cli', 'main.js')
const work = mkdtempSync(join(tmpdir(), 'callqa-rescore-'))
const config: StoreConfig = { kind: 'embedded', dataDir: join(work, 'data') }
const env = { ...process.env, CALLQA_DATA_DIR: config.dataDir, CALLQA_LANG: 'en', CLICKHOUSE_URL: '', KAFKA_BROKERS: '' }
const RANGE = ['--from', '2026-11-01', '--to', '2026-11-30']

function callqa(args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 1 << 28 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** The embedded store belongs to one process at a time: the test opens it only between CLI runs. */
async function sql<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const client: ClickHouseClient = openClickHouse(config)
  try {
    const result = await client.query({ query, query_params: params, format: 'JSONEachRow' })
    return (await result.json()) as T[]
  } finally {
    await client.close()
  }
}

/**
 * A company ruleset file at this version: the house default with a stricter answer speed (the calls ring 6 s) and
 * the volume rule on, so that loudness read back from the store counts.
 */
function rulesetFile(version: number): string {
  const file = join(work, `strict-v${version}.yaml`)
  writeFileSync(file, `extends: default\nid: default\nversion: ${version}\nrules:\n  answer-speed:\n    maxRingSeconds: 5\n  volume:\n    enabled: true\n`)
  return file
}

// Calls of one minute; every tenth started on 31 October late in the evening, Beijing time (still 31 October,
// though already 1 November nowhere — the range is in Asia/Shanghai), and one at the last second of 30 November.
const calls: Transcript[] = generateCalls(3000, 5, 60_000).map((t, i) => ({
  ...t,
  startedAt: i % 10 === 0 ? '2026-10-31T23:30:00+08:00' : i === 1 ? '2026-11-30T23:59:59+08:00' : `2026-11-${String(2 + (i % 27)).padStart(2, '0')}T10:00:00+08:00`,
  ...(i % 7 === 0 && { audio: { agent: { maxDbfs: -1.5 } }, recording: { uri: `file:///rec/${t.callId}.wav`, channels: { agent: 1, customer: 0 } } }),
}))
const inRange = calls.filter((_, i) => i % 10 !== 0)

interface CardRow {
  call_id: string
  score: number
  scored_at: string
  scorecard: string
}

const cardsOf = (version: number) =>
  sql<CardRow>(
    `SELECT call_id, score, toString(scored_at) AS scored_at, scorecard FROM callqa.scorecards FINAL
     WHERE ruleset_id = 'default' AND ruleset_version = {v:UInt32} ORDER BY call_id`,
    { v: version },
  )

const rowCounts = async (version: number) => {
  const [row] = await sql<{ rows: number; calls: number; rules: number }>(
    `SELECT toUInt32(count()) AS rows, toUInt32(uniqExact(call_id)) AS calls,
            toUInt32((SELECT count() FROM callqa.rule_results FINAL WHERE ruleset_id = 'default' AND ruleset_version = {v:UInt32})) AS rules
     FROM callqa.scorecards WHERE ruleset_id = 'default' AND ruleset_version = {v:UInt32}`,
    { v: version },
  )
  return row!
}

let original: CardRow[]

beforeAll(async () => {
  const file = join(work, 'calls.ndjson')
  writeFileSync(file, calls.map((c) => JSON.stringify(c)).join('\n') + '\n')
  const stored = callqa(['score', '--store', '--format', 'ndjson', file])
  expect(stored.code, stored.stderr).toBe(0)
  original = await cardsOf(1)
  expect(original).toHaveLength(calls.length)
}, 120_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('callqa rescore', () => {
  it('stores a new version beside the old one, equal to scoring the original transcripts, and a second run adds nothing', async () => {
    const file = rulesetFile(2)
    const first = callqa(['rescore', ...RANGE, '--ruleset', file])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toContain(`ruleset default@2: ${calls.length - calls.length / 10} calls in range, 0 already scored`)

    const rescored = await cardsOf(2)
    expect(rescored.map((r) => r.call_id)).toEqual(inRange.map((c) => c.callId).sort())
    // What was read back from the store scores exactly like the transcript it was saved from.
    const scorer = compileRuleset(loadRuleset(file))
    const byId = new Map(rescored.map((r) => [r.call_id, Scorecard.parse(JSON.parse(r.scorecard))]))
    for (const t of inRange) {
      const expected = scoreTranscript(scorer, t, '2026-12-01T00:00:00Z')
      const got = byId.get(t.callId)!
      expect({ ...got, scoredAt: expected.scoredAt, startedAt: expected.startedAt }).toEqual(expected)
      expect(Date.parse(got.startedAt!)).toBe(Date.parse(t.startedAt))
    }
    const outcomes = (ruleId: string) => new Set(rescored.map((r) => byId.get(r.call_id)!.results.find((x) => x.ruleId === ruleId)!.outcome))
    expect(outcomes('answer-speed')).toEqual(new Set(['fail']))
    expect(outcomes('volume')).toEqual(new Set(['fail', 'na']))
    expect(await cardsOf(1)).toEqual(original)

    const before = await rowCounts(2)
    const second = callqa(['rescore', ...RANGE, '--ruleset', file])
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toContain(`${inRange.length} already scored (skipped), 0 to score`)
    expect(await rowCounts(2)).toEqual(before)
    expect(before.calls).toBe(inRange.length)
    expect(await cardsOf(2)).toEqual(rescored)
  })

  it('completes a call whose rule results were written but not its scorecard (a crash between the two inserts)', async () => {
    const ruleset = loadRuleset(rulesetFile(3))
    const torn = inRange.slice(0, 5)
    // Stale rule results of an earlier attempt: all "pass", at an older time, and no scorecard.
    const stale = torn.map((t) => {
      const card = scoreTranscript(compileRuleset(ruleset), t, '2026-01-01T00:00:00Z')
      const results = card.results.map((r): RuleResult => ({ ...r, outcome: 'pass', deduction: 0 }))
      return { ...card, results } as AttributedScorecard
    })
    const store = await openStore(config)
    await store.saveScorecardRows({ ...scorecardRows(stale), scorecards: new Uint8Array() })
    await store.close()

    const r = callqa(['rescore', ...RANGE, '--ruleset', rulesetFile(3)])
    expect(r.code, r.stderr).toBe(0)
    const counts = await rowCounts(3)
    expect(counts.calls).toBe(inRange.length)
    const [check] = await sql<{ mismatched: number; results: number }>(
      `SELECT toUInt32(countIf(c.scored_at != r.newest OR r.fails != c.fails)) AS mismatched, toUInt32(sum(r.n)) AS results
       FROM (SELECT call_id, scored_at, length(arrayFilter(x -> JSONExtractString(x, 'outcome') = 'fail', JSONExtractArrayRaw(scorecard, 'results'))) AS fails
             FROM callqa.scorecards FINAL WHERE ruleset_id = 'default' AND ruleset_version = 3) AS c
       INNER JOIN (SELECT call_id, max(scored_at) AS newest, countIf(outcome = 'fail') AS fails, count() AS n
                   FROM callqa.rule_results FINAL WHERE ruleset_id = 'default' AND ruleset_version = 3 GROUP BY call_id) AS r ON r.call_id = c.call_id
       WHERE c.call_id IN {torn:Array(String)}`,
      { torn: torn.map((t) => t.callId) },
    )
    expect(check).toEqual({ mismatched: 0, results: torn.length * stale[0]!.results.length })
  })

  it('resumes after kill -9 midway: every call ends with one scorecard of the new version, the old ones untouched', async () => {
    // Kill it where some calls, not all, are stored: how long that takes depends on the machine, so a kill that came
    // too early is tried later, and one that came too late is tried again earlier under a fresh version.
    let version = 4
    let delay = 400
    let partial = 0
    for (let attempt = 0; attempt < 10 && (partial === 0 || partial === inRange.length); attempt++) {
      if (partial === inRange.length) {
        version++
        delay /= 2
      }
      const child = spawn(process.execPath, [CLI, 'rescore', ...RANGE, '--ruleset', rulesetFile(version)], {
        env: { ...env, CALLQA_RESCORE_BATCH: '100' },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      await new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), stderr.includes('to score') && resolve())))
      await new Promise((r) => setTimeout(r, delay))
      child.kill('SIGKILL')
      await new Promise((r) => child.on('close', r))
      partial = (await rowCounts(version)).calls
      if (partial === 0) delay *= 2
    }
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(inRange.length)
    const file = rulesetFile(version)

    const resumed = callqa(['rescore', ...RANGE, '--ruleset', file])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toContain(`${partial} already scored (skipped), ${inRange.length - partial} to score`)
    const [per] = await sql<{ calls: number; most: number; least: number }>(
      `SELECT toUInt32(count()) AS calls, toUInt32(max(n)) AS most, toUInt32(min(n)) AS least
       FROM (SELECT call_id, count() AS n FROM callqa.scorecards FINAL WHERE ruleset_id = 'default' AND ruleset_version = {v:UInt32} GROUP BY call_id)`,
      { v: version },
    )
    expect(per).toEqual({ calls: inRange.length, most: 1, least: 1 })
    const counts = await rowCounts(version)
    expect(counts.rules).toBe(inRange.length * Scorecard.parse(JSON.parse((await cardsOf(version))[0]!.scorecard)).results.length)
    expect(await cardsOf(1)).toEqual(original)
  }, 300_000)
})

describe('callqa rescore diff', () => {
  // Hand-made scorecards of two versions of ruleset "hand" on five December calls of agents X and Y.
  const card = (callId: string, agentId: string, version: number, score: number, outcomes: Array<[RuleResult['ruleId'], RuleResult['outcome']]>, scoredAt = '2026-12-05T00:00:00Z') =>
    Scorecard.parse({
      callId,
      ruleset: { id: 'hand', version },
      score,
      fatal: false,
      results: outcomes.map(([ruleId, outcome]) => ({ ruleId, outcome, deduction: outcome === 'fail' ? 5 : 0, evidence: [] })),
      metrics: { agentCharsPerMinute: null, overtalkCount: null, longestAgentSilenceMs: null },
      scoredAt,
      agentId,
      teamId: 'T9',
      startedAt: '2026-12-02T10:00:00+08:00',
    }) as AttributedScorecard

  beforeAll(async () => {
    const cards = [
      card('H1', 'X', 1, 100, [['greeting', 'pass'], ['closing', 'pass']]),
      // An older copy of H1's version 2 that a resumed run replaced: the newest counts.
      card('H1', 'X', 2, 50, [['greeting', 'fail'], ['closing', 'fail']], '2026-12-04T00:00:00Z'),
      card('H1', 'X', 2, 95, [['greeting', 'pass'], ['closing', 'fail']]),
      card('H2', 'X', 1, 90, [['greeting', 'fail'], ['closing', 'pass']]),
      card('H2', 'X', 2, 90, [['greeting', 'fail'], ['closing', 'pass']]),
      card('H3', 'Y', 1, 80, [['greeting', 'fail'], ['closing', 'fail']]),
      card('H3', 'Y', 2, 100, [['greeting', 'pass'], ['closing', 'pass']]),
      card('H4', 'Y', 1, 100, [['greeting', 'pass'], ['closing', 'pass'], ['recap', 'na']]),
      card('H4', 'Y', 2, 100, [['greeting', 'pass'], ['closing', 'pass']]),
      card('H5', 'Y', 1, 70, [['greeting', 'fail']]),
    ]
    const store = await openStore(config)
    await store.saveScorecards(cards.map((c) => ({ card: c, enteredAt: null })))
    await store.close()
  })

  it('counts per rule the calls whose outcome changed, and per agent the average before and after', () => {
    const r = callqa(['rescore', 'diff', '--from-ruleset', 'hand@1', '--to-ruleset', 'hand@2', '--from', '2026-12-01', '--to', '2026-12-31', '--format', 'json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      from: 'hand@1',
      to: 'hand@2',
      calls: { compared: 4, onlyFrom: 1, onlyTo: 0 },
      rules: [
        { ruleId: 'closing', changedCalls: 2, transitions: [{ from: 'fail', to: 'pass', calls: 1 }, { from: 'pass', to: 'fail', calls: 1 }] },
        { ruleId: 'greeting', changedCalls: 1, transitions: [{ from: 'fail', to: 'pass', calls: 1 }] },
        { ruleId: 'recap', changedCalls: 1, transitions: [{ from: 'na', to: 'off', calls: 1 }] },
      ],
      agents: [
        { agentId: 'X', teamId: 'T9', calls: 2, avgBefore: 95, avgAfter: 92.5, changedCalls: 1 },
        { agentId: 'Y', teamId: 'T9', calls: 2, avgBefore: 90, avgAfter: 100, changedCalls: 2 },
      ],
    })
  })

  it('prints a Chinese table by default and names a ruleset version the store does not hold', () => {
    const table = callqa(['rescore', 'diff', '--from-ruleset', 'hand@1', '--to-ruleset', 'hand@2'], { CALLQA_LANG: '' })
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toContain('规则集对比 hand@1 → hand@2')
    expect(table.stdout).toMatch(/closing\s+2\s+fail→pass 1, pass→fail 1/)
    expect(table.stdout).toMatch(/T9\s+Y\s+2\s+90\.0\s+100\.0\s+\+10\.0\s+2/)
    const unknown = callqa(['rescore', 'diff', '--from-ruleset', 'hand@1', '--to-ruleset', 'hand@7'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('the store holds no scorecards of ruleset hand@7')
  })
})

describe('callqa rescore --retranscribe', () => {
  it('transcribes the stored recording again and lists the calls it cannot, without stopping', async () => {
    // A real clip on the agent's channel, silence on the customer's; stored with a transcript that is now wrong.
    const clip = join(CORPORA_DIR, 'mandarin-asr', 'BAC009S0764W0121.wav') // 甚至出现交易几乎停滞的情况
    const wav = join(work, 'R-AUDIO.wav')
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', clip, '-af', 'pan=stereo|c0=c0|c1=0*c0', wav])
    const september = { startedAt: '2026-09-10T10:00:00+08:00', durationSeconds: 5 }
    const [base] = generateCalls(1, 21, 3000)
    const stale = { ...base!, ...september, callId: 'R-AUDIO', recording: { uri: pathToFileURL(wav).href, channels: { agent: 0, customer: 1 } } }
    const remote = { ...base!, ...september, callId: 'R-S3', recording: { uri: 's3://bucket/R-S3.wav', channels: { agent: 0, customer: 1 } } }
    const none = { ...base!, ...september, callId: 'R-NONE' }
    // A mono recording of two real voices (8.4 s + 12.4 s), stored with a stereo-style transcript: transcribed again,
    // its voices are separated and the roles inferred.
    const asr = join(CORPORA_DIR, 'mandarin-asr')
    const monoWav = join(work, 'R-MONO.wav')
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(asr, 'masr_test.wav'), '-i', join(asr, 'TEST_MEETING_T0000000001_S00000.wav'), '-filter_complex', '[0:a][1:a]concat=n=2:v=0:a=1[a]', '-map', '[a]', '-ac', '1', monoWav])
    const mono = { ...base!, ...september, callId: 'R-MONO', recording: { uri: pathToFileURL(monoWav).href, channels: { mixed: 0 } } }
    const file = join(work, 'september.ndjson')
    writeFileSync(file, [stale, remote, none, mono].map((c) => JSON.stringify(c)).join('\n') + '\n')
    expect(callqa(['score', '--store', '--format', 'ndjson', file]).code).toBe(0)

    const r = callqa(['rescore', '--from', '2026-09-01', '--to', '2026-09-30', '--retranscribe', '--ruleset', rulesetFile(20)], { CALLQA_ASR_THREADS: '2' })
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toContain('call R-S3 cannot be transcribed again: recording_uri s3://bucket/R-S3.wav is not a local file')
    expect(r.stderr).toContain('call R-NONE cannot be transcribed again: no recording_uri stored')
    expect(r.stderr).toContain('rescored 2 calls, 2 could not be rebuilt')
    const cards = await sql<{ call_id: string }>(`SELECT DISTINCT call_id FROM callqa.scorecards WHERE ruleset_version = 20 ORDER BY call_id`)
    expect(cards).toEqual([{ call_id: 'R-AUDIO' }, { call_id: 'R-MONO' }])
    const [monoCard] = await sql<{ roles: string; interruption: string }>(
      `SELECT JSONExtractString(scorecard, 'roles', 'method') AS roles,
              JSONExtractString(arrayFirst(r -> JSONExtractString(r, 'ruleId') = 'interruption', JSONExtractArrayRaw(scorecard, 'results')), 'outcome') AS interruption
       FROM callqa.scorecards WHERE call_id = 'R-MONO' AND ruleset_version = 20`,
    )
    expect(monoCard).toEqual({ roles: 'inferred', interruption: 'na' })
    const monoSaid = await sql<{ speakers: string[]; roles: string }>(
      `SELECT groupUniqArray(u.speaker) AS speakers, any(c.speaker_roles) AS roles
       FROM callqa.utterances AS u
       INNER JOIN (SELECT call_id, max(updated_at) AS v, argMax(speaker_roles, updated_at) AS speaker_roles FROM callqa.calls WHERE call_id = 'R-MONO' GROUP BY call_id) AS c
         ON u.call_id = c.call_id AND u.updated_at = c.v`,
    )
    expect(monoSaid[0]!.speakers).not.toContain('unknown')
    expect(JSON.parse(monoSaid[0]!.roles)).toMatchObject({ method: 'inferred', confidence: expect.any(Number) })
    const said = await sql<{ text: string; asr: string }>(
      `SELECT arrayStringConcat(groupArray(u.text)) AS text, any(c.asr_engine) AS asr
       FROM callqa.utterances AS u
       INNER JOIN (SELECT call_id, max(updated_at) AS v, argMax(asr_engine, updated_at) AS asr_engine FROM callqa.calls WHERE call_id = 'R-AUDIO' GROUP BY call_id) AS c
         ON u.call_id = c.call_id AND u.updated_at = c.v`,
    )
    expect(said[0]!.text).toMatch(/交易/)
    expect(said[0]!.asr).not.toBe('')
  }, 600_000)
})

describe('callqa rescore, bad input', () => {
  it('rejects an empty or malformed date range and a broken ruleset file, saying what is wrong', () => {
    const backwards = callqa(['rescore', '--from', '2026-11-30', '--to', '2026-11-01'])
    expect(backwards.code).toBe(1)
    expect(backwards.stderr).toContain('--from 2026-11-30 is after --to 2026-11-01')
    expect(callqa(['rescore', '--from', '2026-02-30', '--to', '2026-03-01']).stderr).toContain('--from must be a date like 2026-11-01 (got "2026-02-30")')
    expect(callqa(['rescore', '--to', '2026-03-01']).stderr).toContain('--from and --to are required')
    const broken = join(work, 'broken.yaml')
    writeFileSync(broken, 'extends: default\nid: default\nversion: 0\n')
    const r = callqa(['rescore', ...RANGE, '--ruleset', broken])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`ruleset ${broken}: \\$\\.version: `))
    expect(callqa(['rescore', 'diff', '--from-ruleset', join(work, 'missing.yaml'), '--to-ruleset', 'hand@2']).stderr).toContain('cannot read file: ENOENT')
  })
})
