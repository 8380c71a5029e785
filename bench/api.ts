import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compileRuleset, scoreTranscript } from '../pipelines/scoring/score.js'
import { buildApiApp } from '../services/api/app.js'
import { hashPassword } from '../services/api/passwords.js'
import { demoCalls } from '../services/cli/demo-calls.js'
import { openStore } from '../services/lib/clickhouse/store.js'
import { loadRuleset } from '../services/lib/rulesets/load.js'

/*
 * npm run bench:api — the workspace's two busiest pages over real HTTP on an embedded store of BENCH_CALLS stored
 * calls (default 100,000; transcripts, scorecards and rule results), one request at a time, BENCH_REQUESTS each
 * (default 200): the review queue (default view, then filtered by rule and status, then a deep page) and the call
 * page. Prints p50/p95/max ms.
 */

const CALLS = Number(process.env.BENCH_CALLS ?? 100_000)
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200)
const dir = mkdtempSync(join(tmpdir(), 'callqa-bench-api-'))

const t0 = performance.now()
const store = await openStore({ kind: 'embedded', dataDir: join(dir, 'store') })
const scorer = compileRuleset(loadRuleset())
const scoredAt = new Date().toISOString()
const BATCH = 5000
let ids: string[] = []
for (let start = 0; start < CALLS; start += BATCH) {
  // Distinct ids per batch: demoCalls numbers calls from 0 for each seed.
  const calls = demoCalls(Math.min(BATCH, CALLS - start), Date.now(), start + 1).map((c, i) => ({ ...c, callId: `${c.callId}-${start + i}` }))
  await store.saveScored(calls.map((transcript) => ({ transcript, scorecard: scoreTranscript(scorer, transcript, scoredAt) })))
  ids = ids.concat(calls.filter((_, i) => i % 97 === 0).map((c) => c.callId))
  process.stderr.write(`\rstored ${Math.min(start + BATCH, CALLS).toLocaleString('en')} / ${CALLS.toLocaleString('en')} calls`)
}
process.stderr.write('\n')
console.log(`stored ${CALLS.toLocaleString('en')} calls in ${((performance.now() - t0) / 1000).toFixed(0)} s`)

await store.saveUser({ username: 'bench', displayName: 'bench', role: 'supervisor', agentId: null, passwordHash: await hashPassword('bench password 123'), disabled: false })
const app = await buildApiApp({ store, secret: 'bench-secret-0123456789-0123456789-abcdef', recordingsDir: dir, sampling: { perAgentWeek: 2, seed: 1 } })
const base = await app.listen({ port: 0, host: '127.0.0.1' })
const { token } = (await (await fetch(`${base}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench password 123' }) })).json()) as { token: string }

async function measure(name: string, url: (i: number) => string): Promise<void> {
  const times: number[] = []
  for (let i = 0; i < REQUESTS + 5; i++) {
    const start = performance.now()
    const res = await fetch(`${base}${url(i)}`, { headers: { authorization: `Bearer ${token}` } })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`)
    if (i >= 5) times.push(performance.now() - start) // the first few warm caches
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0)
  console.log(`${name.padEnd(44)} p50 ${at(0.5).padStart(5)} ms   p95 ${at(0.95).padStart(5)} ms   max ${at(1).padStart(5)} ms`)
}

console.log(`${REQUESTS} requests each, one at a time, over HTTP:`)
await measure('queue, first page (50 calls)', () => '/api/v1/calls')
await measure('queue, failed hold-checkin, pending', () => '/api/v1/calls?ruleId=hold-checkin&status=pending')
await measure('queue, all calls, page 1,000', () => '/api/v1/calls?view=all&offset=50000')
await measure('call page (transcript, scorecard, history)', (i) => `/api/v1/calls/${encodeURIComponent(ids[i % ids.length]!)}`)
await app.close()
await store.close()
rmSync(dir, { recursive: true, force: true })
