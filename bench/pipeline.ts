import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Transcript } from '../pipelines/contracts/transcript.js'
import { databaseOf, openClickHouse } from '../services/lib/clickhouse/client.js'
import { DevBroker } from '../services/lib/kafka/dev-broker.js'
import { KafkaBus, type OutgoingMessage } from '../services/lib/kafka/bus.js'
import { HEADERS, TOPICS } from '../services/lib/kafka/topics.js'
import { createLogger } from '../services/lib/log/index.js'
import { generateCalls } from './corpora.js'

/*
 * npm run bench:pipeline — the distributed pipeline on this machine: a real Kafka broker (Maven Central jars),
 * BENCH_SCORERS scorer processes (default 1) and one sink into embedded ClickHouse (chdb).
 *   1. throughput: BENCH_CALLS transcripts (default 20,000, ~5-minute calls) produced at once to
 *      calls.transcribed.v1 → every scorecard committed to ClickHouse; target ≥ 10,000 calls/s;
 *   2. latency: BENCH_RATE calls/s (default 1,000) for 10 s; p50/p95 from produce to the scorecard row written,
 *      from the row's entered_at (the produce time, carried as a header) and inserted_at.
 */

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000)
const SCORERS = Number(process.env.BENCH_SCORERS ?? 1)
const RATE = Number(process.env.BENCH_RATE ?? 1000)
const PACED_SECONDS = 10
const CLI = join(import.meta.dirname, '..', 'services', 'cli', 'main.js')

const dir = mkdtempSync(join(tmpdir(), 'callqa-bench-pipeline-'))
const dataDir = join(dir, 'store')
const broker = await DevBroker.onFreePorts(join(dir, 'kafka'))
await broker.start()
const bus = new KafkaBus({ brokers: broker.brokers, clientId: 'bench', partitions: 4, stallMs: 60_000 }, createLogger('bench', { LOG_LEVEL: 'error' }))
await bus.ensureTopics()

const env = { ...process.env, KAFKA_BROKERS: broker.brokers.join(','), CALLQA_DATA_DIR: dataDir, CLICKHOUSE_URL: '', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error' }
const workers: ChildProcess[] = [
  ...Array.from({ length: SCORERS }, () => spawn(process.execPath, [CLI, 'worker', 'scorer'], { env, stdio: 'inherit' })),
  spawn(process.execPath, [CLI, 'worker', 'sink'], { env, stdio: 'inherit' }),
]

try {
  const message = (t: Transcript): OutgoingMessage => ({
    topic: TOPICS.transcribed,
    key: t.callId,
    value: JSON.stringify(t),
    headers: { [HEADERS.enteredAt]: String(Date.now()) },
  })

  async function caughtUp(): Promise<void> {
    for (;;) {
      const lag = (await bus.lag('scorer', [TOPICS.transcribed])) + (await bus.lag('sink', [TOPICS.transcribed, TOPICS.scored]))
      if (lag === 0) return
      await sleep(100)
    }
  }

  // Warm-up: the groups form and the JIT warms before anything is timed.
  await bus.send(generateCalls(500, 1, 60_000).map(message))
  await caughtUp()

  const calls = generateCalls(CALLS, 2)
  const payloads = calls.map((c) => JSON.stringify(c))
  const t0 = performance.now()
  await bus.send(calls.map((c, i) => ({ ...message(c), value: payloads[i]! })))
  const produced = performance.now()
  await caughtUp()
  const seconds = (performance.now() - t0) / 1000
  console.log(`throughput: ${CALLS.toLocaleString('en')} transcripts (~5 min each) → scorecards in ClickHouse in ${seconds.toFixed(1)} s = ` +
    `${Math.round(CALLS / seconds).toLocaleString('en')} calls/s (produce alone ${((produced - t0) / 1000).toFixed(1)} s; ${SCORERS} scorer(s), 1 sink; target ≥ 10,000)`)

  const paced = generateCalls(RATE * PACED_SECONDS, 3)
  for (let s = 0; s < PACED_SECONDS; s++) {
    const tick = performance.now()
    const second = paced.slice(s * RATE, (s + 1) * RATE)
    for (let i = 0; i < 10; i++) await bus.send(second.slice((i * RATE) / 10, ((i + 1) * RATE) / 10).map(message))
    await sleep(Math.max(0, 1000 - (performance.now() - tick)))
  }
  await caughtUp()

  for (const w of workers) w.kill('SIGTERM')
  await Promise.all(workers.map((w) => (w.exitCode === null ? once(w, 'exit') : undefined)))
  await bus.close()

  const client = openClickHouse({ kind: 'embedded', dataDir })
  const result = await client.query({
    query: `SELECT quantiles(0.5, 0.95)(dateDiff('millisecond', entered_at, inserted_at)) AS q, toUInt32(count()) AS n
            FROM {db:Identifier}.scorecards WHERE startsWith(call_id, 'BENCH-3-')`,
    query_params: { db: databaseOf({ kind: 'embedded', dataDir }) },
    format: 'JSONEachRow',
  })
  const [latency] = (await result.json()) as Array<{ q: number[]; n: number }>
  await client.close()
  const [p50, p95] = latency!.q
  console.log(`latency at ${RATE.toLocaleString('en')} calls/s for ${PACED_SECONDS} s (${latency!.n} calls): produce → scorecard row written p50 ${Math.round(p50!)} ms, p95 ${Math.round(p95!)} ms`)
} finally {
  for (const w of workers) w.kill('SIGKILL')
  await broker.destroy()
  rmSync(dir, { recursive: true, force: true })
}
