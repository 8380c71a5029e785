import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import type { ClickHouseClient } from '@clickhouse/client'
import { compileRuleset, scoreTranscript } from '../pipelines/scoring/score.js'
import { databaseOf, openClickHouse } from '../services/lib/clickhouse/client.js'
import { migrate } from '../services/lib/clickhouse/migrate.js'
import { toInsertRows } from '../services/lib/clickhouse/rows.js'
import { openStore } from '../services/lib/clickhouse/store.js'
import { MESSAGES } from '../services/cli/messages.js'
import { pageBlocks } from '../services/cli/commands/rescore.js'
import { scoreBatch } from '../services/cli/score-document.js'
import type { StoreConfig } from '../services/lib/config/store.js'
import { loadRuleset } from '../services/lib/rulesets/load.js'
import { generateCalls } from './corpora.js'

/*
 * npm run bench:rescore — `callqa rescore` over BENCH_CALLS stored calls (default 1,000,000) with a new ruleset
 * version, target ≤ 3 minutes for a million. Setup and re-score are timed apart:
 *   1. setup: BENCH_SEED_CALLS distinct ~5-minute calls built from STC-3 (default 10,000) are scored with the house
 *      default and stored, then copied inside ClickHouse (INSERT … SELECT, new call ids) up to BENCH_CALLS calls,
 *      with their scorecards, so every call has a default@1 scorecard as an archive would (BENCH_CALLS is rounded up to
 *      a multiple of the seed);
 *   2. where the time goes, on one page of PHASE_CALLS calls in this process: reading them back from the store, scoring
 *      them on one thread in the scoring threads' batches (parse, rebuild, validate, score, serialise the rows),
 *      writing the rows;
 *   3. `callqa rescore --from --to --ruleset <default, version 2>` in a child process, as a user runs it: wall time, and
 *      its CPU time (all its threads, chdb's included), which a machine shared with other work does not inflate as
 *      much; CPU-seconds / 2 is the time on 2 idle cores.
 * The store is embedded chdb under .bench/rescore (deleted afterwards unless BENCH_KEEP=1).
 */

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000)
const SEED_CALLS = Math.min(CALLS, Number(process.env.BENCH_SEED_CALLS ?? 10_000))
const SAVE_BATCH = 1000
const PHASE_CALLS = Math.min(CALLS, 10_000)
const RANGE = { fromMs: Date.parse('2026-11-01T00:00:00+08:00'), toMs: Date.parse('2026-12-01T00:00:00+08:00') }

const dir = join(process.cwd(), '.bench', 'rescore')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const config: StoreConfig = { kind: 'embedded', dataDir: join(dir, 'data') }
const db = databaseOf(config)

async function storeSeed(client: ClickHouseClient): Promise<void> {
  const calls = generateCalls(SEED_CALLS)
  const scorer = compileRuleset(loadRuleset())
  const scoredAt = new Date().toISOString()
  for (let i = 0; i < calls.length; i += SAVE_BATCH) {
    const rows = toInsertRows(calls.slice(i, i + SAVE_BATCH).map((t) => ({ transcript: t, scorecard: scoreTranscript(scorer, t, scoredAt) })))
    const tables: Array<[string, readonly object[]]> = [['calls', rows.calls], ['utterances', rows.utterances], ['rule_results_input', rows.ruleResults], ['scorecards_input', rows.scorecards]]
    for (const [table, values] of tables) {
      await client.insert({ table: `{db:Identifier}.${table}`, values, format: 'JSONEachRow', query_params: { db } })
    }
  }
}

/** Copies the seed calls `copies - 1` times under new ids (`<id>~<n>`); every other column stays as it was. */
async function copySeed(client: ClickHouseClient, copies: number): Promise<void> {
  for (const table of ['calls', 'utterances', 'rule_results', 'scorecards']) {
    const columns = await columnsOf(client, table)
    const select = columns.map((c) => (c === 'call_id' ? "concat(call_id, '~', toString(n.number)) AS call_id" : c)).join(', ')
    await client.command({
      query: `INSERT INTO {db:Identifier}.{table:Identifier} (${columns.join(', ')})
              SELECT ${select} FROM {db:Identifier}.{table:Identifier}, (SELECT number FROM numbers(1, {copies:UInt32})) AS n`,
      query_params: { db, table, copies: copies - 1 },
    })
  }
}

async function columnsOf(client: ClickHouseClient, table: string): Promise<string[]> {
  const result = await client.query({
    query: 'SELECT name FROM system.columns WHERE database = {db:String} AND table = {table:String} AND default_kind = \'\' ORDER BY position',
    query_params: { db, table },
    format: 'JSONEachRow',
  })
  return ((await result.json()) as Array<{ name: string }>).map((r) => r.name)
}

async function countDistinct(client: ClickHouseClient, table: string, where = '1'): Promise<number> {
  const result = await client.query({
    query: `SELECT toUInt32(uniqExact(call_id)) AS n FROM {db:Identifier}.{table:Identifier} WHERE ${where}`,
    query_params: { db, table },
    format: 'JSONEachRow',
  })
  return ((await result.json()) as Array<{ n: number }>)[0]!.n
}

const setupStart = performance.now()
const client = openClickHouse(config)
await migrate(client, db)
await storeSeed(client)
const seeded = performance.now()
await copySeed(client, Math.ceil(CALLS / SEED_CALLS))
const stored = await countDistinct(client, 'calls')
const setupSeconds = (performance.now() - setupStart) / 1000
console.log(
  `setup: ${stored.toLocaleString('en')} calls stored in ${setupSeconds.toFixed(0)} s ` +
    `(${SEED_CALLS.toLocaleString('en')} generated and stored in ${((seeded - setupStart) / 1000).toFixed(0)} s, the rest copied inside ClickHouse)`,
)
await client.close()

/** Microseconds per call of each step of re-scoring, under a throwaway ruleset version. */
async function phases(): Promise<void> {
  const store = await openStore(config)
  const target = { id: 'phases', version: 1 }
  const cpuMs = () => {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1000
  }
  const t0 = cpuMs()
  const last = (await store.nextRescorePage(RANGE, '', PHASE_CALLS))!
  const page = await store.storedCalls({ ...RANGE, after: '', last }, target)
  const t1 = cpuMs()
  const scorer = compileRuleset({ ...loadRuleset(), id: target.id, version: target.version })
  // In batches of the size the scoring threads get (four blocks, 256 kB), their rows joined as `callqa rescore` does.
  const blocks = [...pageBlocks(page)]
  const batch = { scored: 0, ruleResults: [] as Uint8Array[], scorecards: [] as Uint8Array[] }
  for (let i = 0; i < blocks.length; i += 4) {
    const scored = scoreBatch(scorer, blocks.slice(i, i + 4), { input: 'stored-calls', keep: 'scorecard-rows', messages: MESSAGES.en })
    batch.scored += scored.scored
    if (!scored.rows) continue
    batch.ruleResults.push(scored.rows.ruleResults)
    batch.scorecards.push(scored.rows.scorecards)
  }
  const rows = { ruleResults: Buffer.concat(batch.ruleResults), scorecards: Buffer.concat(batch.scorecards) }
  const t2 = cpuMs()
  await store.saveScorecardRows(rows)
  const t3 = cpuMs()
  await store.close()
  const us = (ms: number) => `${Math.round((ms * 1000) / batch.scored)} µs`
  console.log(
    `CPU per call (process.cpuUsage), ${batch.scored.toLocaleString('en')} calls: read ${us(t1 - t0)} (${Math.round(page.length / batch.scored)} bytes of NDJSON), ` +
      `score on one thread ${us(t2 - t1)}, write ${us(t3 - t2)} (${Math.round((rows.scorecards.length + rows.ruleResults.length) / batch.scored)} bytes)`,
  )
}

await phases()

const v2 = join(dir, 'default-v2.yaml')
writeFileSync(v2, 'extends: default\nid: default\nversion: 2\nrules:\n  answer-speed:\n    maxRingSeconds: 5\n')
const cli = join(import.meta.dirname, '..', 'services', 'cli', 'main.js')
const start = performance.now()
// Under bash, whose `times` then reports the command's CPU time (its threads and chdb's included) on fd 3.
const child = spawn('bash', ['-c', '"$@"; code=$?; times >&3; exit $code', 'rescore', process.execPath, cli, 'rescore', '--from', '2026-11-01', '--to', '2026-11-30', '--ruleset', v2, '--lang', 'en'], {
  stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
  env: { ...process.env, CALLQA_DATA_DIR: config.dataDir, CLICKHOUSE_URL: '', KAFKA_BROKERS: '' },
})
let times = ''
child.stdio[3]!.on('data', (chunk: Buffer) => (times += chunk.toString()))
const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
const seconds = (performance.now() - start) / 1000
const load = loadavg()[0]!.toFixed(2)
// The second line of `times`: the children's user and system time, "1m2.345s 0m6.789s".
const cpuSeconds = (times.trim().split('\n')[1] ?? '').split(' ').reduce((sum, t) => {
  const m = /^(\d+)m([\d.]+)s$/.exec(t)
  return m ? sum + Number(m[1]) * 60 + Number(m[2]) : sum
}, 0)
if (code !== 0) throw new Error(`callqa rescore exited ${code}`)

const check = openClickHouse(config)
const rescored = await countDistinct(check, 'scorecards', 'ruleset_version = 2')
await check.close()
if (rescored !== stored) throw new Error(`${rescored} calls have a version-2 scorecard, expected ${stored}`)
console.log(
  `callqa rescore: ${stored.toLocaleString('en')} calls in ${seconds.toFixed(1)} s = ${(seconds / 60).toFixed(2)} min, ` +
    `${Math.round(stored / seconds).toLocaleString('en')} calls/s (target ≤ 3 min for 1,000,000; process start included; load average ${load} at the end); ` +
    `CPU ${cpuSeconds.toFixed(1)} s = ${Math.round((cpuSeconds * 1e6) / stored)} µs per call: 1,000,000 calls need ${((cpuSeconds * 1e6) / stored / 2 / 60).toFixed(2)} min of 2 idle cores`,
)
if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true })
