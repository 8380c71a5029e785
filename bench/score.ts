import { spawn, type StdioOptions } from 'node:child_process'
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compileRuleset, scoreTranscript } from '../pipelines/scoring/score.js'
import { loadRuleset } from '../services/lib/rulesets/load.js'
import { cpuNow, cpuSince, load } from './cpu.js'
import { generateCalls } from './corpora.js'

/*
 * npm run bench:score — throughput of the scorer on ~5-minute calls built from real STC-3 sentences:
 *   1. the pure scorer on one core (this thread), target ≥ 20,000 calls/s;
 *   2. `callqa score - --format ndjson` reading NDJSON on stdin and writing NDJSON, target ≥ 5,000 calls/s.
 * BENCH_CALLS sets how many distinct calls are generated (default 20,000).
 */

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000)
const PURE_SECONDS = 5

function benchPureScorer(calls: ReturnType<typeof generateCalls>): { perSecond: number; cpuUs: number } {
  const scorer = compileRuleset(loadRuleset())
  const scoredAt = new Date().toISOString()
  for (const call of calls.slice(0, 2000)) scoreTranscript(scorer, call, scoredAt) // warm caches and the JIT
  let n = 0
  const start = performance.now()
  const cpu = cpuNow()
  while (performance.now() - start < PURE_SECONDS * 1000) {
    for (const call of calls) scoreTranscript(scorer, call, scoredAt)
    n += calls.length
  }
  return { perSecond: n / ((performance.now() - start) / 1000), cpuUs: (cpuSince(cpu).self * 1e6) / n }
}

/** Like `callqa score - --format ndjson < calls.ndjson > scorecards.ndjson`: the shell's files, not a Node pipe. */
async function benchCli(file: string, out: string, count: number): Promise<{ perSecond: number; cpuUs: number }> {
  const cli = join(import.meta.dirname, '..', 'services', 'cli', 'main.js')
  const stdio: StdioOptions = [openSync(file, 'r'), openSync(out, 'w'), 'inherit']
  const start = performance.now()
  const cpu = cpuNow()
  const child = spawn(process.execPath, [cli, 'score', '-', '--format', 'ndjson'], { stdio })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  const seconds = (performance.now() - start) / 1000
  const cpuUs = (cpuSince(cpu).children * 1e6) / count
  const lines = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').length
  if (code !== 0 || lines !== count) throw new Error(`CLI exited ${code} after ${lines} of ${count} scorecards`)
  return { perSecond: count / seconds, cpuUs }
}

const t0 = performance.now()
const calls = generateCalls(CALLS)
const utterances = calls.reduce((n, c) => n + c.utterances.length, 0)
const minutes = calls.reduce((n, c) => n + c.durationSeconds, 0) / 60 / calls.length
console.log(`generated ${calls.length} calls from STC-3 in ${((performance.now() - t0) / 1000).toFixed(1)} s: ` +
  `${(utterances / calls.length).toFixed(0)} utterances and ${minutes.toFixed(1)} min per call on average`)

const pure = benchPureScorer(calls)
// The wall clock measures the neighbours too on a shared machine; CPU time per call much less.
console.log(`pure scorer, one core:          ${Math.round(pure.perSecond).toLocaleString('en')} calls/s  (target ≥ 20,000); CPU ${Math.round(pure.cpuUs)} µs per call (${load()})`)

const dir = join(process.cwd(), '.bench')
mkdirSync(dir, { recursive: true })
const file = join(dir, 'calls.ndjson')
writeFileSync(file, calls.map((c) => JSON.stringify(c)).join('\n') + '\n')
const cli = await benchCli(file, join(dir, 'scorecards.ndjson'), calls.length)
console.log(
  `callqa score - --format ndjson: ${Math.round(cli.perSecond).toLocaleString('en')} calls/s  (target ≥ 5,000; ${calls.length} calls, process start included); ` +
    `CPU ${Math.round(cli.cpuUs)} µs per call (${load()})`,
)
