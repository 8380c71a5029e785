import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ClickHouseClient } from '@clickhouse/client'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Scorecard, type RuleResult } from '../../pipelines/contracts/scorecard.js'
import type { Transcript } from '../../pipelines/contracts/transcript.js'
import { agent, call, customer } from '../helpers/transcript.js'
import { chdbPath, openClickHouse } from '../../services/lib/clickhouse/client.js'
import { loadMigrations } from '../../services/lib/clickhouse/migrate.js'
import { openStore, type AgentReportRow, type Store } from '../../services/lib/clickhouse/store.js'
import type { StoreConfig } from '../../services/lib/config/store.js'

// chdb binds one data directory per process and this file runs in its own worker process, so every test below
// shares this directory and keeps apart by using its own call and agent ids.
const root = mkdtempSync(join(tmpdir(), 'callqa-store-'))
const config: StoreConfig = { kind: 'embedded', dataDir: join(root, 'data') }
const DB = 'callqa'

afterAll(() => rmSync(root, { recursive: true, force: true }))

type TranscriptInput = Partial<Omit<Transcript, 'callId'>> & { callId: string }
type ScorecardInput = Partial<Omit<Scorecard, 'callId'>> & { callId: string }

/** A stored call: the shared default CDR with a short conversation, and the ASR that made it. */
function transcript(fields: TranscriptInput): Transcript {
  const { callId, ...rest } = fields
  const recording = { uri: `file:///data/rec/${callId}.wav`, channels: { agent: 0, customer: 1 } }
  const asr = { engine: 'sherpa-onnx', model: 'paraformer-zh' }
  return call({ callId, recording, durationSeconds: 184.2, asr, ...rest }, [
    agent(0, 3200, '您好，某某公司，请问有什么可以帮您？'),
    customer(3500, 7000, '你好，我想查一下我的订单。'),
    agent(7200, 9000, '好的，请稍等。'),
  ])
}

const pass = (ruleId: RuleResult['ruleId']): RuleResult => ({ ruleId, outcome: 'pass', deduction: 0, evidence: [] })

const interruption: RuleResult = {
  ruleId: 'interruption',
  outcome: 'fail',
  deduction: 5,
  severity: 'minor',
  evidence: [{ startMs: 41200, endMs: 42100, speaker: 'agent', text: '……', note: 'overlap 900 ms' }],
}

function scorecard(fields: ScorecardInput): Scorecard {
  return Scorecard.parse({
    ruleset: { id: 'default', version: 1 },
    score: 95,
    fatal: false,
    results: [pass('greeting'), interruption],
    metrics: { agentCharsPerMinute: 151.2, overtalkCount: 1, longestAgentSilenceMs: 12000 },
    scoredAt: '2026-11-01T09:20:11Z',
    ...fields,
  })
}

/** A transcript and its scorecard for one call of one agent. */
function scored(callId: string, call: Partial<Transcript> = {}, card: Partial<Scorecard> = {}) {
  return { transcript: transcript({ callId, ...call }), scorecard: scorecard({ callId, ...card }) }
}

async function rows<T>(client: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await client.query({ query, query_params: { db: DB, ...params }, format: 'JSONEachRow' })
  return result.json<T>()
}

describe('a data directory held by another process', () => {
  const heldDir = join(root, 'held')
  let holder: ChildProcess

  // A plain-JS process that opens the directory through chdb and keeps it until its stdin closes.
  const HOLDER = `
    import { createClient } from '@clickhouse/client'
    import { createChdbConnection } from 'chdb/connection'
    const client = createClient({ connection: createChdbConnection({ path: process.argv[1] }) })
    await client.query({ query: 'SELECT 1' })
    process.stdout.write('ready\\n')
    process.stdin.on('end', () => client.close().then(() => process.exit(0)))
    process.stdin.resume()`

  beforeAll(async () => {
    holder = spawn(process.execPath, ['--input-type=module', '-e', HOLDER, chdbPath(heldDir)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve, reject) => {
      holder.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
      holder.on('exit', (code) => reject(new Error(`holder exited early with ${code}`)))
    })
  })

  afterAll(async () => {
    const exited = new Promise((resolve) => holder.on('exit', resolve))
    holder.stdin?.end()
    await exited
  })

  test('opening it fails with a message naming the directory and the holder', () => {
    const open = () => openClickHouse({ kind: 'embedded', dataDir: heldDir })
    const dir = chdbPath(heldDir)
    expect(open).toThrow(`the data directory ${dir} is in use by another callqa process (pid ${holder.pid})`)
  })
})

describe('migrations', () => {
  test('apply once; re-opening applies nothing new', async () => {
    const all = loadMigrations().map((m) => m.version)
    expect(all[0]).toBe('0001_init')

    const first = await openStore(config)
    expect(first.appliedMigrations).toEqual(all)
    await first.close()

    const second = await openStore(config)
    expect(second.appliedMigrations).toEqual([])
    const raw = openClickHouse(config)
    const recorded = await rows<{ version: string }>(
      raw,
      'SELECT version FROM {db:Identifier}.schema_migrations FINAL ORDER BY version',
    )
    expect(recorded.map((r) => r.version)).toEqual(all)
    await raw.close()
    await second.close()
  })
})

describe('store', () => {
  let store: Store
  let raw: ClickHouseClient

  beforeAll(async () => {
    store = await openStore(config)
    raw = openClickHouse(config)
  })

  afterAll(async () => {
    await raw.close()
    await store.close()
  })

  async function countAfterDedup(table: string, callIds: string[]): Promise<number> {
    const [row] = await rows<{ n: number }>(
      raw,
      `SELECT toUInt32(count()) AS n FROM {db:Identifier}.{table:Identifier} FINAL
       WHERE call_id IN {ids:Array(String)}`,
      { table, ids: callIds },
    )
    return row?.n ?? -1
  }

  async function reportFor(agentId: string, month?: string): Promise<AgentReportRow | undefined> {
    return (await store.agentReport({ month })).find((row) => row.agentId === agentId)
  }

  test('saving the same items twice stores each row once', async () => {
    const items = [scored('DUP-1', { agentId: 'A-dup' }), scored('DUP-2', { agentId: 'A-dup' })]
    const ids = ['DUP-1', 'DUP-2']
    const before = await store.countScorecards()

    await store.saveScored(items)
    await store.saveScored(items)
    await store.saveScored([])

    expect(await countAfterDedup('calls', ids)).toBe(2)
    expect(await countAfterDedup('utterances', ids)).toBe(6)
    expect(await countAfterDedup('scorecards', ids)).toBe(2)
    expect(await countAfterDedup('rule_results', ids)).toBe(4)
    expect(await store.countScorecards()).toBe(before + 2)
    expect(await reportFor('A-dup')).toMatchObject({ calls: 2, failedRules: [{ ruleId: 'interruption', count: 2 }] })

    // The sorting keys are the dedup keys: once merged, the duplicates are gone from the parts too.
    for (const table of ['calls', 'utterances', 'scorecards', 'rule_results']) {
      const query = 'OPTIMIZE TABLE {db:Identifier}.{table:Identifier} FINAL'
      await raw.command({ query, query_params: { db: DB, table } })
    }
    const [merged] = await rows<{ n: number }>(
      raw,
      'SELECT toUInt32(count()) AS n FROM {db:Identifier}.rule_results WHERE call_id IN {ids:Array(String)}',
      { ids },
    )
    expect(merged?.n).toBe(4)
  })

  test('scorecards reach call_latest with their failed rules, through the input tables or straight from another writer', async () => {
    const card = scored('LATEST-1', { agentId: 'A-latest' }, { results: [pass('greeting'), interruption, { ...interruption, ruleId: 'recap' }] })
    await store.saveScored([card])
    // A writer that knows nothing of migration 0012 inserts into scorecards itself, without the new columns.
    const direct = { ...card.scorecard, callId: 'LATEST-2', roles: { method: 'inferred', confidence: 0.4, speakers: 1, review: true, reasons: [] } }
    await raw.insert({
      table: '{db:Identifier}.scorecards',
      values: [{ call_id: 'LATEST-2', ruleset_id: 'default', ruleset_version: 1, agent_id: 'A-latest', team_id: 'T01', started_at: '1793502902.123', score: 90, fatal: false, scored_at: '1793502902.123', scorecard: JSON.stringify(direct) }],
      format: 'JSONEachRow',
      query_params: { db: DB },
    })
    const latest = await rows<{ call_id: string; failed_rules: string[]; roles_review: boolean }>(
      raw,
      'SELECT call_id, failed_rules, roles_review FROM {db:Identifier}.call_latest FINAL WHERE call_id IN {ids:Array(String)} ORDER BY call_id',
      { ids: ['LATEST-1', 'LATEST-2'] },
    )
    expect(latest).toEqual([
      { call_id: 'LATEST-1', failed_rules: ['interruption', 'recap'], roles_review: false },
      { call_id: 'LATEST-2', failed_rules: ['interruption', 'recap'], roles_review: true },
    ])
    // The input tables hold nothing themselves.
    const [held] = await rows<{ n: number }>(raw, 'SELECT toUInt32((SELECT count() FROM {db:Identifier}.scorecards_input) + (SELECT count() FROM {db:Identifier}.rule_results_input)) AS n')
    expect(held?.n).toBe(0)
    expect(await countAfterDedup('rule_results', ['LATEST-1'])).toBe(3)
  })

  test('a re-score with a newer scoredAt replaces the old one; a late older copy does not', async () => {
    const old = scored('RESCORE-1', { agentId: 'A-rescore' }, { score: 60, scoredAt: '2026-11-01T10:00:00Z' })
    const newer = scored(
      'RESCORE-1',
      { agentId: 'A-rescore' },
      {
        score: 90,
        scoredAt: '2026-11-02T10:00:00Z',
        results: [pass('greeting')],
      },
    )

    await store.saveScored([old])
    await store.saveScored([newer])
    await store.saveScored([old])

    expect(await reportFor('A-rescore')).toMatchObject({ calls: 1, avgScore: 90, minScore: 90, failedRules: [] })
    expect(await countAfterDedup('scorecards', ['RESCORE-1'])).toBe(1)
  })

  test('a second ruleset version is stored beside the first; the report counts the call once', async () => {
    const v1 = scored('RULESET-1', { agentId: 'A-ruleset' }, { score: 70, scoredAt: '2026-11-01T10:00:00Z' })
    const v2 = scored(
      'RULESET-1',
      { agentId: 'A-ruleset' },
      { ruleset: { id: 'default', version: 2 }, score: 80, scoredAt: '2026-11-03T10:00:00Z' },
    )
    const before = await store.countScorecards()

    await store.saveScored([v1, v2])

    const versions = await rows<{ ruleset_version: number; score: number }>(
      raw,
      `SELECT ruleset_version, score FROM {db:Identifier}.scorecards FINAL
       WHERE call_id = {id:String} ORDER BY ruleset_version`,
      { id: 'RULESET-1' },
    )
    expect(versions).toEqual([
      { ruleset_version: 1, score: 70 },
      { ruleset_version: 2, score: 80 },
    ])
    expect(await store.countScorecards()).toBe(before + 2)
    expect(await reportFor('A-ruleset')).toMatchObject({ calls: 1, avgScore: 80 })
  })

  test('months are calendar months in Asia/Shanghai', async () => {
    await store.saveScored([
      scored('MONTH-OCT', { agentId: 'A-month', startedAt: '2026-10-31T23:30:00+08:00' }),
      scored('MONTH-NOV', { agentId: 'A-month', startedAt: '2026-11-01T00:10:00+08:00' }),
    ])

    for (const table of ['calls', 'utterances', 'scorecards', 'rule_results']) {
      const partitions = await rows<{ call_id: string; partition: string }>(
        raw,
        `SELECT DISTINCT call_id, _partition_id AS partition FROM {db:Identifier}.{table:Identifier}
         WHERE call_id IN {ids:Array(String)} ORDER BY call_id`,
        { table, ids: ['MONTH-OCT', 'MONTH-NOV'] },
      )
      expect(partitions, table).toEqual([
        { call_id: 'MONTH-NOV', partition: '202611' },
        { call_id: 'MONTH-OCT', partition: '202610' },
      ])
    }
    const [call] = await rows<{ shanghai: string; utc: string }>(
      raw,
      `SELECT toString(started_at) AS shanghai, toString(toTimeZone(started_at, 'UTC')) AS utc
       FROM {db:Identifier}.calls FINAL WHERE call_id = 'MONTH-OCT'`,
    )
    expect(call).toEqual({ shanghai: '2026-10-31 23:30:00.000', utc: '2026-10-31 15:30:00.000' })
    expect(await reportFor('A-month', '2026-10')).toMatchObject({ calls: 1 })
    expect(await reportFor('A-month', '2026-11')).toMatchObject({ calls: 1 })
    expect(await reportFor('A-month', '2026-09')).toBeUndefined()
    expect(await reportFor('A-month')).toMatchObject({ calls: 2 })
    await expect(store.agentReport({ month: '2026-13' })).rejects.toThrow('month must be YYYY-MM, got "2026-13"')
  })

  test('a call re-saved with a corrected start counts in its new month only', async () => {
    const call = { agentId: 'A-moved', startedAt: '2026-10-31T23:30:00+08:00' }
    await store.saveScored([scored('MOVED-1', call, { scoredAt: '2026-11-01T10:00:00Z' })])
    const corrected = { ...call, startedAt: '2026-11-02T09:00:00+08:00' }
    await store.saveScored([scored('MOVED-1', corrected, { scoredAt: '2026-11-02T10:00:00Z' })])

    expect(await reportFor('A-moved', '2026-10')).toBeUndefined()
    expect(await reportFor('A-moved', '2026-11')).toMatchObject({ calls: 1 })
    expect(await reportFor('A-moved')).toMatchObject({ calls: 1 })
  })

  test('values that look like SQL round-trip as plain data', async () => {
    const agentId = "x' OR 1=1 --"
    const agentName = `O'Brien "\\" {name:String} ; DROP TABLE calls`
    await store.saveScored([scored("INJ-1'; --", { agentId, agentName, teamId: "T'); --" })])

    expect(await reportFor(agentId)).toMatchObject({ agentId, agentName, teamId: "T'); --", calls: 1 })
    const stored = await rows<{ call_id: string; agent_name: string }>(
      raw,
      'SELECT call_id, agent_name FROM {db:Identifier}.calls FINAL WHERE agent_id = {agent:String}',
      { agent: agentId },
    )
    expect(stored).toEqual([{ call_id: "INJ-1'; --", agent_name: agentName }])
  })

  test('report arithmetic over hand-made scorecards', async () => {
    const team = 'T-math'
    const fatal: RuleResult = {
      ruleId: 'forbidden-phrase',
      outcome: 'fail',
      deduction: 100,
      severity: 'fatal',
      evidence: [{ startMs: 5000, endMs: 6000, speaker: 'agent', text: '你烦不烦', note: 'forbidden phrase' }],
    }
    await store.saveScored([
      scored('MATH-1', { agentId: 'A-math-2', teamId: team, agentName: '李四' }, { score: 80 }),
      scored(
        'MATH-2',
        { agentId: 'A-math-2', teamId: team, agentName: '李四' },
        {
          score: 100,
          results: [pass('greeting'), pass('interruption')],
          metrics: { agentCharsPerMinute: 200, overtalkCount: 0, longestAgentSilenceMs: 3000 },
        },
      ),
      scored(
        'MATH-3',
        { agentId: 'A-math-2', teamId: team, agentName: '李四' },
        {
          score: 0,
          fatal: true,
          results: [pass('greeting'), interruption, fatal],
          metrics: { agentCharsPerMinute: null, overtalkCount: null, longestAgentSilenceMs: null },
        },
      ),
      scored('MATH-4', { agentId: 'A-math-1', teamId: team, agentName: '王五' }, { score: 70 }),
    ])

    const report = (await store.agentReport({ month: '2026-11' })).filter((row) => row.teamId === team)

    expect(report).toEqual([
      {
        agentId: 'A-math-1',
        agentName: '王五',
        teamId: team,
        calls: 1,
        avgScore: 70,
        minScore: 70,
        fatalCalls: 0,
        failedRules: [{ ruleId: 'interruption', count: 1 }],
        avgAgentCharsPerMinute: 151.2,
        overtalkCount: 1,
      },
      {
        agentId: 'A-math-2',
        agentName: '李四',
        teamId: team,
        calls: 3,
        avgScore: 60,
        minScore: 0,
        fatalCalls: 1,
        failedRules: [
          { ruleId: 'interruption', count: 2 },
          { ruleId: 'forbidden-phrase', count: 1 },
        ],
        avgAgentCharsPerMinute: (151.2 + 200) / 2,
        overtalkCount: 1,
      },
    ])
  })

  test('the report is sorted by team, then agent', async () => {
    // ClickHouse compares strings bytewise, as JS does for these ASCII ids.
    const keys = (await store.agentReport()).map((row) => `${row.teamId}\u0000${row.agentId}`)
    expect(keys.length).toBeGreaterThan(3)
    expect(keys).toEqual([...keys].sort())
  })

  test('a scorecard paired with another call is refused before anything is written', async () => {
    const mismatched = { transcript: transcript({ callId: 'PAIR-1' }), scorecard: scorecard({ callId: 'PAIR-2' }) }
    await expect(store.saveScored([mismatched])).rejects.toThrow(
      'scorecard of call PAIR-2 paired with the transcript of call PAIR-1',
    )
    expect(await countAfterDedup('calls', ['PAIR-1', 'PAIR-2'])).toBe(0)
  })
})
