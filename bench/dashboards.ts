import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { RULE_IDS } from '../pipelines/contracts/rule-ids.js'
import { openClickHouse } from '../services/lib/clickhouse/client.js'
import { PANEL_IDS, panelData } from '../services/lib/clickhouse/dashboards.js'
import { openStore } from '../services/lib/clickhouse/store.js'
import type { StoreConfig } from '../services/lib/config/store.js'

/*
 * npm run bench:dashboards — every dashboard panel over one month of BENCH_CALLS generated calls (default 10M,
 * spread over June–November 2026, 200 agents in 10 teams, the 11 rules) in embedded ClickHouse; p50/p95 ms per
 * panel, target p95 ≤ 200 ms. Measured twice: right after loading (parts not merged yet: FINAL has work to do) and
 * after OPTIMIZE (what months past look like once background merges are done).
 *
 * The data is written the way the store writes it — scorecards (with the scorecard JSON the failed rules are read
 * from) and calls — and migration 0008's views derive call_latest and cdrs from them. 2% of calls are re-scored
 * with a newer ruleset, the CDR feed adds 12% unanswered calls, 1% of calls have a QA review. rule_results is not
 * generated: no panel reads it.
 */

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 20)
const CHUNK = 1_000_000
const MONTH = '2026-10'
const DB = 'callqa'

const dir = join(process.cwd(), '.bench', 'dashboards')
rmSync(dir, { recursive: true, force: true })
const config: StoreConfig = { kind: 'embedded', dataDir: dir }

// One call per `number`: every insert derives the same call from it. Started within the 183 days from
// 2026-06-01 00:00 Shanghai time; agent A1000–A1199, 20 agents a team.
const START_MS = Date.UTC(2026, 5, 1) - 8 * 3600_000
const CALL = `
  fromUnixTimestamp64Milli(toInt64(${START_MS} + intHash64(number) % (183 * 86400000)), 'Asia/Shanghai') AS started,
  concat('C', formatDateTime(started, '%Y%m%d'), '-', toString(number)) AS id,
  number % 200 AS agent_no,
  concat('A', toString(1000 + agent_no)) AS agent,
  concat('T', leftPad(toString(intDiv(agent_no, 20)), 2, '0')) AS team`

// Each rule fails at its own rate (per cent); a fatal forbidden phrase zeroes the score.
const RATES = [8, 15, 3, 12, 20, 10, 6, 18, 9, 5, 1]
function scorecardsFrom(version: number, scoredOffsetMs: number): string {
  return `
    WITH ${CALL},
      ${JSON.stringify(RULE_IDS).replaceAll('"', "'")} AS rules,
      arrayMap(i -> intHash64(number * 16 + i + ${version * 100}) % 100 < ${JSON.stringify(RATES)}[i], arrayEnumerate(rules)) AS fails,
      fails[3] AND intHash64(number + ${version}) % 10 = 0 AS is_fatal
    SELECT id, 'default', ${version}, agent, team, started,
      toFloat64(if(is_fatal, 0, greatest(0, 100 - 5 * arrayCount(x -> x, fails)))),
      is_fatal,
      if(intHash64(number + 3) % 20 = 0, NULL, 100 + intHash64(number + 4) % 1000 / 10),
      if(intHash64(number + 5) % 10 = 0, NULL, toUInt32(intHash64(number + 6) % 5)),
      NULL, 12000, 0.5,
      started + toIntervalMillisecond(${scoredOffsetMs}),
      concat('{"results":[', arrayStringConcat(arrayMap((r, f) -> concat('{"ruleId":"', r, '","outcome":"', if(f, 'fail', 'pass'), '"}'), rules, fails), ','), ']}'),
      NULL, now64(3)`
}

const CALL_ROWS = `
  WITH ${CALL}
  SELECT id, '400-800-1234', agent, concat('坐席', toString(agent_no)), team, 'inbound', started,
    toFloat64(intHash64(number + 7) % 20), toFloat64(60 + intHash64(number + 8) % 600), 'customer', NULL, NULL, NULL, NULL,
    started + toIntervalMinute(5)`

const UNANSWERED = `
  WITH ${CALL}
  SELECT concat('U', toString(number)), '400-800-1234', agent, team, started, false, toFloat64(30 + number % 60), 'cdr', started`

const REVIEWS = `
  WITH ${CALL}
  SELECT id, 'qa', '', 'inspector1', 'default', 1, agent, team, started, 50, 60, false, [], '', started + toIntervalDay(2)`

const store = await openStore(config)
const client = openClickHouse(config)

async function load(what: string, insert: string, select: (from: number, count: number) => string, total: number): Promise<void> {
  const started = performance.now()
  for (let from = 0; from < total; from += CHUNK) {
    const count = Math.min(CHUNK, total - from)
    await client.command({ query: `INSERT INTO ${insert} ${select(from, count)}`, query_params: { db: DB } })
    process.stderr.write(`\r${what}: ${(from + count).toLocaleString('en')} / ${total.toLocaleString('en')}`)
  }
  process.stderr.write(`  (${((performance.now() - started) / 1000).toFixed(0)} s)\n`)
}

const numbers = (where = '') => (from: number, count: number) => `FROM numbers(${from}, ${count}) ${where}`
// Columns named: later migrations add columns (audio levels) that generated calls leave at their defaults.
const CALL_COLUMNS = '(call_id, hotline, agent_id, agent_name, team_id, direction, started_at, ring_seconds, duration_seconds, hangup_by, customer_number, recording_uri, asr_engine, asr_model, updated_at)'
await load('calls', `{db:Identifier}.calls ${CALL_COLUMNS}`, (f, c) => `${CALL_ROWS} ${numbers()(f, c)}`, CALLS)
await load('scorecards', '{db:Identifier}.scorecards', (f, c) => `${scorecardsFrom(1, 300_000)} ${numbers()(f, c)}`, CALLS)
await load('re-scored 2%', '{db:Identifier}.scorecards', (f, c) => `${scorecardsFrom(2, 86_400_000)} ${numbers('WHERE number % 50 = 0')(f, c)}`, CALLS)
await load('unanswered 12%', '{db:Identifier}.cdrs', (f, c) => `${UNANSWERED} ${numbers()(f, c)}`, Math.round(CALLS * 0.12))
await load('QA reviews 1%', '{db:Identifier}.reviews', (f, c) => `${REVIEWS} ${numbers('WHERE number % 100 = 1')(f, c)}`, CALLS)

async function measure(state: string): Promise<void> {
  console.log(`\n${state}: month ${MONTH}, ${RUNS} runs per panel (ms)`)
  console.log('panel                  rows      p50      p95')
  for (const id of PANEL_IDS) {
    const times: number[] = []
    let rows = 0
    for (let i = 0; i < RUNS + 1; i++) {
      const t = performance.now()
      rows = (await panelData(client, DB, id, { month: MONTH })).length
      if (i > 0) times.push(performance.now() - t) // the first run warms caches
    }
    times.sort((a, b) => a - b)
    const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!
    console.log(`${id.padEnd(20)} ${String(rows).padStart(6)} ${pct(0.5).toFixed(0).padStart(8)} ${pct(0.95).toFixed(0).padStart(8)}`)
  }
}

const monthRows = await client.query({
  query: 'SELECT toUInt32(count()) AS n FROM {db:Identifier}.call_latest WHERE toYYYYMM(started_at) = {m:UInt32}',
  query_params: { db: DB, m: Number(MONTH.replace('-', '')) },
  format: 'JSONEachRow',
})
const [{ n }] = (await monthRows.json()) as [{ n: number }]
console.log(`${CALLS.toLocaleString('en')} calls; ${MONTH} holds ${n.toLocaleString('en')} call_latest rows before merges`)

await measure('as loaded')
const optimizing = performance.now()
for (const table of ['call_latest', 'cdrs']) {
  await client.command({ query: `OPTIMIZE TABLE {db:Identifier}.${table} FINAL`, query_params: { db: DB } })
}
console.log(`\nOPTIMIZE … FINAL took ${((performance.now() - optimizing) / 1000).toFixed(0)} s`)
await measure('merged')

await client.close()
await store.close()
rmSync(dir, { recursive: true, force: true })
