import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { CORPORA_DIR, generateCalls } from '../../bench/corpora.js'
import { Call } from '../../pipelines/contracts/call.js'
import type { Transcript } from '../../pipelines/contracts/transcript.js'
import { databaseOf, openClickHouse } from '../../services/lib/clickhouse/client.js'
import { DevBroker } from '../../services/lib/kafka/dev-broker.js'
import { KafkaBus, type IncomingMessage, type OutgoingMessage } from '../../services/lib/kafka/bus.js'
import { dlqOf, HEADERS, TOPICS } from '../../services/lib/kafka/topics.js'
import { createLogger } from '../../services/lib/log/index.js'
import { produceWithJava } from '../helpers/java-producer.js'

/*
 * The distributed pipeline against a real Kafka broker (started by kafka.setup.ts) and real chdb: the built
 * `callqa worker` processes, killed, restarted and starved of their broker the way production would do it to them.
 */

const kafka = inject('kafka')
const CLI = join(process.cwd(), 'dist', 'services', 'cli', 'main.js')
// At warn, the test's own producer says when a send hangs and is retried: the evidence for the rare broker-restart hang.
const bus = new KafkaBus({ brokers: kafka.brokers, clientId: 'callqa-test', partitions: 4, stallMs: 60_000 }, createLogger('test', { LOG_LEVEL: process.env.TEST_BUS_LOG_LEVEL ?? 'warn' }))
const running = new Set<ChildProcess>()

beforeAll(() => bus.ensureTopics())

afterAll(async () => {
  for (const child of running) {
    stopping.add(child)
    child.kill('SIGKILL')
  }
  await bus.close()
})

function workerEnv(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_PARTITIONS: '4', KAFKA_STALL_MS: '30000', CALLQA_DATA_DIR: dataDir, CLICKHOUSE_URL: '', LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL ?? 'warn' }
}

/** The last lines each worker logged, shown when a test fails. */
const recentLogs = new Map<string, string[]>()

/**
 * A worker process, restarted when it dies on its own as compose's `restart: unless-stopped` would; a worker stopped
 * or killed by the test stays down.
 */
function startWorker(role: 'transcriber' | 'scorer' | 'sink', dataDir: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(process.execPath, [CLI, 'worker', role], { env: { ...workerEnv(dataDir), ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  const name = `${role} pid ${child.pid}`
  const lines: string[] = []
  recentLogs.set(name, lines)
  child.stderr!.on('data', (chunk: Buffer) => {
    lines.push(...chunk.toString().trimEnd().split('\n'))
    lines.splice(0, Math.max(0, lines.length - 40))
  })
  running.add(child)
  child.once('exit', (code, signal) => {
    running.delete(child)
    if (!stopping.has(child) && signal === null) replacements.set(child, startWorker(role, dataDir, env))
  })
  return child
}

const stopping = new Set<ChildProcess>()
/** Workers started in place of ones that died by themselves. */
const replacements = new Map<ChildProcess, ChildProcess>()

beforeEach(() => recentLogs.clear())
afterEach(({ task }) => {
  // A failed test must not leave workers behind: they share consumer groups with the next test's workers.
  for (const child of running) {
    stopping.add(child)
    child.kill('SIGKILL')
  }
  if (task.result?.state !== 'fail') return
  for (const [name, lines] of recentLogs) if (lines.length > 0) console.error(`--- last log lines of ${name}\n${lines.join('\n')}`)
  const brokerLog = readFileSync(join(kafka.dir, 'broker.log'), 'utf8').trimEnd().split('\n').slice(-60).join('\n')
  console.error(`--- last lines of the broker's log\n${brokerLog}`)
})

async function stopWorker(worker: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  let child = worker
  while (replacements.has(child)) child = replacements.get(child)!
  stopping.add(child)
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill(signal)
  await exited
}

function transcriptMessage(t: Transcript): OutgoingMessage {
  return { topic: TOPICS.transcribed, key: t.callId, value: JSON.stringify(t), headers: { [HEADERS.enteredAt]: String(Date.now()) } }
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** Both stages have committed everything on their topics. */
async function caughtUp(): Promise<boolean> {
  return (await bus.lag('scorer', [TOPICS.transcribed])) === 0 && (await bus.lag('sink', [TOPICS.transcribed, TOPICS.scored])) === 0
}

/** Reads the store a stopped sink left behind: distinct scored calls, and raw scorecard rows before dedup. */
async function stored(dataDir: string): Promise<{ callIds: Set<string>; transcripts: number }> {
  const config = { kind: 'embedded' as const, dataDir }
  const client = openClickHouse(config)
  try {
    const db = databaseOf(config)
    const cards = await client.query({ query: 'SELECT DISTINCT call_id FROM {db:Identifier}.scorecards', query_params: { db }, format: 'JSONEachRow' })
    const calls = await client.query({ query: 'SELECT toUInt32(uniqExact(call_id)) AS n FROM {db:Identifier}.calls', query_params: { db }, format: 'JSONEachRow' })
    const [count] = (await calls.json()) as Array<{ n: number }>
    return { callIds: new Set(((await cards.json()) as Array<{ call_id: string }>).map((r) => r.call_id)), transcripts: count!.n }
  } finally {
    await client.close()
  }
}

describe('distributed pipeline on a real broker', () => {
  it('scores transcripts end to end into the store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callqa-e2e-'))
    const calls = generateCalls(300, 101, 60_000)
    const scorer = startWorker('scorer', dataDir)
    const sink = startWorker('sink', dataDir)
    await bus.send(calls.map(transcriptMessage))
    await waitFor('the pipeline to catch up', caughtUp)
    await Promise.all([stopWorker(scorer), stopWorker(sink)])
    const { callIds, transcripts } = await stored(dataDir)
    expect(callIds).toEqual(new Set(calls.map((c) => c.callId)))
    expect(transcripts).toBe(300)
  })

  it('puts 1,000 malformed messages in the DLQ with their reasons and scores every good one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callqa-dlq-'))
    const good = generateCalls(1000, 202, 30_000)
    const kinds = [
      () => '{"callId": "broken',
      () => JSON.stringify({ callId: 'x' }),
      () => JSON.stringify({ ...good[0]!, callId: 'neg', utterances: [{ speaker: 'agent', startMs: -1, endMs: 5, text: '您好' }] }),
      () => '',
    ]
    const messages: OutgoingMessage[] = []
    good.forEach((call, i) => {
      messages.push(transcriptMessage(call))
      messages.push({ topic: TOPICS.transcribed, key: `bad-${i}`, value: kinds[i % kinds.length]!(), headers: {} })
    })
    const scorer = startWorker('scorer', dataDir)
    const sink = startWorker('sink', dataDir)
    await bus.send(messages)
    await waitFor('the pipeline to catch up', caughtUp)
    await Promise.all([stopWorker(scorer), stopWorker(sink)])

    const fromScorer = new Map<string, IncomingMessage>()
    const dlqEntries: IncomingMessage[] = []
    const readerName = `test-dlq-${Date.now()}`
    const reader = await bus.runStage({
      name: readerName,
      topics: [dlqOf(TOPICS.transcribed)],
      handle: async (ms) => {
        for (const m of ms) {
          if (!m.key?.startsWith('bad-')) continue
          dlqEntries.push(m)
          if (m.headers[HEADERS.dlqStage] === 'scorer') fromScorer.set(m.key, m)
        }
        return ms.map(() => ({ kind: 'drop' as const }))
      },
    })
    await waitFor('the DLQ to hold all 1,000', async () => fromScorer.size === 1000, 60_000)
    // Read to the DLQ's end: the sink refused the same messages, and left them to the scorer (once each).
    await waitFor('the DLQ to be read to its end', async () => (await bus.lag(readerName, [dlqOf(TOPICS.transcribed)])) === 0, 60_000)
    await reader.stop()
    expect(dlqEntries).toHaveLength(1000)
    const sample = fromScorer.get('bad-2')!
    expect(sample.headers[HEADERS.dlqReason]).toMatch(/not a Transcript: \$\.utterances\[0\]\.startMs/)
    expect(sample.headers[HEADERS.dlqTopic]).toBe(TOPICS.transcribed)
    expect(Number(sample.headers[HEADERS.dlqOffset])).toBeGreaterThanOrEqual(0)
    expect(fromScorer.get('bad-0')!.headers[HEADERS.dlqReason]).toMatch(/invalid JSON/)
    expect((await stored(dataDir)).callIds).toEqual(new Set(good.map((c) => c.callId)))
  })

  it("scores other systems' transcripts: Java producer batches in snappy, lz4 and zstd, no callqa headers, a tombstone", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callqa-java-'))
    const calls = generateCalls(300, 505, 30_000)
    const scorer = startWorker('scorer', dataDir)
    const sink = startWorker('sink', dataDir)
    const codecs = ['snappy', 'lz4', 'zstd'] as const
    for (const [i, codec] of codecs.entries()) {
      const part = calls.filter((_, n) => n % codecs.length === i).map((c) => ({ key: c.callId, value: JSON.stringify(c) }))
      await produceWithJava(kafka.brokers, TOPICS.transcribed, codec, i === 0 ? [...part, { key: 'gone', value: null }] : part)
    }
    await waitFor('the pipeline to catch up', caughtUp)
    await Promise.all([stopWorker(scorer), stopWorker(sink)])
    expect((await stored(dataDir)).callIds).toEqual(new Set(calls.map((c) => c.callId)))
    // The bus stamped each message with when it entered, so the end-to-end latency column is filled.
    const client = openClickHouse({ kind: 'embedded', dataDir })
    try {
      const result = await client.query({ query: 'SELECT toUInt32(countIf(entered_at IS NULL)) AS missing FROM callqa.scorecards', format: 'JSONEachRow' })
      expect(await result.json()).toEqual([{ missing: 0 }])
    } finally {
      await client.close()
    }
    const tombstones: IncomingMessage[] = []
    const readerName = `test-tombstone-${Date.now()}`
    const reader = await bus.runStage({
      name: readerName,
      topics: [dlqOf(TOPICS.transcribed)],
      handle: async (ms) => (tombstones.push(...ms.filter((m) => m.key === 'gone')), ms.map(() => ({ kind: 'drop' as const }))),
    })
    await waitFor('the DLQ to be read to its end', async () => (await bus.lag(readerName, [dlqOf(TOPICS.transcribed)])) === 0, 60_000)
    await reader.stop()
    expect(tombstones.map((m) => [m.headers[HEADERS.dlqStage], m.headers[HEADERS.dlqReason]])).toEqual([
      ['scorer', 'a tombstone (a message without a value, key "gone"): callqa\'s topics carry no deletes'],
    ])
  }, 300_000)

  it('loses and doubles nothing when the scorer and the sink are killed -9 in the middle of 5,000 calls', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callqa-kill-'))
    const calls = generateCalls(5000, 303, 30_000)
    let scorer = startWorker('scorer', dataDir)
    let sink = startWorker('sink', dataDir)
    await bus.send(calls.map(transcriptMessage))
    await waitFor('the scorer to be partway', async () => (await bus.lag('scorer', [TOPICS.transcribed])) < 4000)
    await Promise.all([stopWorker(scorer, 'SIGKILL'), stopWorker(sink, 'SIGKILL')])
    const left = await bus.lag('scorer', [TOPICS.transcribed])
    expect(left).toBeGreaterThan(0) // killed mid-run, not after the end
    scorer = startWorker('scorer', dataDir)
    sink = startWorker('sink', dataDir)
    await waitFor('the pipeline to catch up', caughtUp, 180_000)
    await Promise.all([stopWorker(scorer), stopWorker(sink)])
    const { callIds, transcripts } = await stored(dataDir)
    expect(callIds.size).toBe(5000)
    expect(callIds).toEqual(new Set(calls.map((c) => c.callId)))
    expect(transcripts).toBe(5000)
  }, 300_000)

  it('loses nothing when the broker restarts mid-run', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callqa-restart-'))
    const before = generateCalls(1500, 404, 30_000)
    const after = generateCalls(500, 405, 30_000)
    const scorer = startWorker('scorer', dataDir)
    const sink = startWorker('sink', dataDir)
    await bus.send(before.map(transcriptMessage))
    await waitFor('the scorer to be partway', async () => (await bus.lag('scorer', [TOPICS.transcribed])) < 1200)
    const broker = new DevBroker(kafka)
    await broker.stop()
    await new Promise((r) => setTimeout(r, 2000))
    await broker.start()
    await bus.send(after.map(transcriptMessage))
    await waitFor('the pipeline to catch up', caughtUp, 180_000)
    await Promise.all([stopWorker(scorer), stopWorker(sink)])
    expect((await stored(dataDir)).callIds).toEqual(new Set([...before, ...after].map((c) => c.callId)))
  }, 300_000)

  it('transcribes recordings from calls.recorded.v1 into scorecards, and sends a corrupt recording to the DLQ with why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callqa-asr-e2e-'))
    const clip = join(CORPORA_DIR, 'mandarin-asr', 'BAC009S0764W0121.wav')
    const corrupt = join(dataDir, 'corrupt.wav')
    writeFileSync(corrupt, 'RIFF\0\0\0\0WAVEfmt this is not audio')
    const [cdr] = generateCalls(1, 303, 60_000)
    const call = (callId: string, path: string) => ({
      ...Call.parse(cdr),
      callId,
      recording: { uri: pathToFileURL(path).href, channels: { mixed: 0 } },
    })
    const recorded = (c: ReturnType<typeof call>): OutgoingMessage => ({ topic: TOPICS.recorded, key: c.callId, value: JSON.stringify(c), headers: { [HEADERS.traceId]: `trace-${c.callId}` } })
    const workers = (['transcriber', 'scorer', 'sink'] as const).map((role) => startWorker(role, dataDir))
    await bus.send([recorded(call('REC-GOOD', clip)), recorded(call('REC-BAD', corrupt))])
    await waitFor('the recording to be scored', async () => (await bus.lag('transcriber', [TOPICS.recorded])) === 0 && (await caughtUp()), 300_000)

    const dead: IncomingMessage[] = []
    const reader = await bus.runStage({
      name: `test-rec-dlq-${Date.now()}`,
      topics: [dlqOf(TOPICS.recorded)],
      handle: async (ms) => {
        dead.push(...ms.filter((m) => m.key === 'REC-BAD'))
        return ms.map(() => ({ kind: 'drop' as const }))
      },
    })
    await waitFor('the corrupt recording in the DLQ', async () => dead.length > 0, 60_000)
    await reader.stop()
    await Promise.all(workers.map((w) => stopWorker(w)))
    expect(dead[0]!.headers[HEADERS.dlqStage]).toBe('transcriber')
    expect(dead[0]!.headers[HEADERS.dlqReason]).toMatch(/not audio or unreadable|truncated or damaged/)
    expect(dead[0]!.headers[HEADERS.traceId]).toBe('trace-REC-BAD')
    expect((await stored(dataDir)).callIds).toEqual(new Set(['REC-GOOD']))
  }, 400_000)

  it('exits on SIGTERM within its grace period even when its broker is gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callqa-grace-'))
    const scorer = startWorker('scorer', dataDir, { SHUTDOWN_GRACE_MS: '3000' })
    await bus.send(generateCalls(200, 506, 30_000).map(transcriptMessage))
    await waitFor('the pipeline to catch up', async () => (await bus.lag('scorer', [TOPICS.transcribed])) === 0)
    const broker = new DevBroker(kafka)
    await broker.stop()
    try {
      const asked = Date.now()
      await stopWorker(scorer)
      expect(Date.now() - asked).toBeLessThan(15_000)
    } finally {
      await broker.start()
    }
  }, 120_000)
})
