import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, expect, inject, it } from 'vitest'
import { generateCalls, readAsrRefs } from '../../bench/corpora.js'
import { buildStereoCall, type Turn } from '../../bench/recordings.js'
import { openClickHouse } from '../../services/lib/clickhouse/client.js'
import { KafkaBus, type IncomingMessage } from '../../services/lib/kafka/bus.js'
import { HEADERS, TOPICS } from '../../services/lib/kafka/topics.js'
import { createLogger } from '../../services/lib/log/index.js'

/*
 * Distributed re-scoring on the real broker of kafka.setup.ts: `callqa rescore` with KAFKA_BROKERS produces
 * calls.rescore.v1, the scorer worker scores each call with the ruleset the message carries, the sink stores it.
 * The embedded store belongs to one process at a time, so the steps run one after the other.
 */

const kafka = inject('kafka')
const CLI = join(process.cwd(), 'dist', 'services', 'cli', 'main.js')
const work = mkdtempSync(join(tmpdir(), 'callqa-rescore-kafka-'))
const dataDir = join(work, 'data')
const env = { ...process.env, CALLQA_DATA_DIR: dataDir, CLICKHOUSE_URL: '', CALLQA_LANG: 'en', KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_PARTITIONS: '4', LOG_LEVEL: 'warn' }
const bus = new KafkaBus({ brokers: kafka.brokers, clientId: 'callqa-test', partitions: 4, stallMs: 60_000 }, createLogger('test', { LOG_LEVEL: 'warn' }))
const workers: ChildProcess[] = []

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL')
  await bus.close()
  rmSync(work, { recursive: true, force: true })
})

/** The embedded store belongs to one process at a time: the test reads it only while no worker or CLI holds it. */
async function sql<T>(query: string, dir = dataDir): Promise<T[]> {
  const client = openClickHouse({ kind: 'embedded', dataDir: dir })
  try {
    return (await (await client.query({ query, format: 'JSONEachRow' })).json()) as T[]
  } finally {
    await client.close()
  }
}

async function versions(): Promise<Record<string, number>> {
  const rows = await sql<{ v: string; n: number }>('SELECT toString(ruleset_version) AS v, toUInt32(uniqExact(call_id)) AS n FROM callqa.scorecards GROUP BY v')
  return Object.fromEntries(rows.map((r) => [r.v, r.n]))
}

async function stop(worker: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return
  const exited = once(worker, 'exit')
  worker.kill(signal)
  await exited
}

/** A CLI or worker process whose stderr is kept, to wait for a line in it. */
function started(args: string[], extraEnv: Record<string, string> = {}): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] })
  let text = ''
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  workers.push(child)
  return { child, stderr: () => text, exited }
}

/** Waits for `check`; fails at once, with what it said, if `process` ends first. */
async function until(what: string, check: () => boolean | Promise<boolean>, seconds = 300, process?: ReturnType<typeof started>): Promise<void> {
  const deadline = Date.now() + seconds * 1000
  while (!(await check())) {
    if (process && process.child.exitCode !== null) throw new Error(`${what}: the process exited ${process.child.exitCode}:\n${process.stderr()}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${process ? `; it said:\n${process.stderr()}` : ''}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Every message on a topic so far. */
async function allMessages(topic: string): Promise<IncomingMessage[]> {
  const found: IncomingMessage[] = []
  const reader = await bus.read(await bus.offsets([topic], 'first'), (ms) => found.push(...ms), await bus.offsets([topic], 'end'))
  await reader.reached
  await reader.stop()
  return found
}

it('produces one message per call, which the scorer and sink workers turn into scorecards of the new version', async () => {
  const calls = generateCalls(40, 9, 60_000)
  const file = join(work, 'calls.ndjson')
  writeFileSync(file, calls.map((c) => JSON.stringify(c)).join('\n') + '\n')
  const local = { ...env, KAFKA_BROKERS: '' }
  expect(spawnSync(process.execPath, [CLI, 'score', '--store', '--format', 'ndjson', file], { env: local, encoding: 'utf8' }).status).toBe(0)
  const ruleset = join(work, 'v2.yaml')
  writeFileSync(ruleset, 'extends: default\nid: default\nversion: 2\nrules:\n  answer-speed:\n    maxRingSeconds: 5\n')

  const produced = spawnSync(process.execPath, [CLI, 'rescore', '--from', '2026-11-01', '--to', '2026-11-30', '--ruleset', ruleset], { env, encoding: 'utf8' })
  expect(produced.status, produced.stderr).toBe(0)
  expect(produced.stderr).toContain(`produced 40 calls to ${TOPICS.rescore}`)

  for (const role of ['scorer', 'sink']) workers.push(spawn(process.execPath, [CLI, 'worker', role], { env, stdio: 'ignore' }))
  const deadline = Date.now() + 90_000
  while ((await bus.lag('scorer', [TOPICS.rescore])) > 0 || (await bus.lag('sink', [TOPICS.scored])) > 0) {
    if (Date.now() > deadline) throw new Error('the workers did not catch up in 90 s')
    await new Promise((r) => setTimeout(r, 500))
  }
  for (const w of workers) {
    const exited = once(w, 'exit')
    w.kill('SIGTERM')
    await exited
  }
  expect(await versions()).toEqual({ '1': 40, '2': 40 })
}, 300_000)

it('re-transcribes the archive on the transcriber workers: a kill -9 of one, a stop and a resume lose and double nothing', async () => {
  // Workers of the test before (were it cut short) would take this one's messages to their own store.
  for (const w of workers) await stop(w, 'SIGKILL')
  // Calls of October built from real Mandarin clips (agent first, the customer answering); one recording is not audio,
  // one call has none.
  const clips = readAsrRefs()
  const clip = (file: string) => clips.find((c) => c.file === file)!
  const pairs = [
    ['BAC009S0764W0121.wav', 'IT0011W0001.wav'],
    ['aishell-BAC009S0724W0121.wav', 'TEST_NET_Y0000000000_-KTKHdZ2fb8_S00000.wav'],
    ['cosyvoice_zero_shot_prompt.wav', 'IT0011W0001.wav'],
    ['IT0011W0001.wav', 'BAC009S0764W0121.wav'],
  ]
  const [base] = generateCalls(1, 31, 20_000)
  const october = (i: number) => ({ ...base!, startedAt: `2026-10-0${i + 1}T10:00:00+08:00`, durationSeconds: 12 })
  const good = pairs.map(([a, b], i) => {
    const wav = join(work, `F${i}.wav`)
    const turns: Turn[] = [
      { clip: clip(a!), channel: 0, pauseAfter: 0.6 },
      { clip: clip(b!), channel: 1, pauseAfter: 0.5 },
    ]
    buildStereoCall(wav, turns)
    return { ...october(i), callId: `F${i}`, recording: { uri: pathToFileURL(wav).href, channels: { agent: 0, customer: 1 } } }
  })
  const garbage = join(work, 'F8.wav')
  writeFileSync(garbage, 'this is not a recording\n'.repeat(100))
  const broken = { ...october(8), callId: 'F8', recording: { uri: pathToFileURL(garbage).href, channels: { agent: 0, customer: 1 } } }
  const silent = { ...october(7), callId: 'F9' }
  const file = join(work, 'october.ndjson')
  writeFileSync(file, [...good, broken, silent].map((c) => JSON.stringify(c)).join('\n') + '\n')
  const archive = { CALLQA_DATA_DIR: join(work, 'archive') }
  const stored = spawnSync(process.execPath, [CLI, 'score', '--store', '--format', 'ndjson', file], { env: { ...env, ...archive, KAFKA_BROKERS: '' }, encoding: 'utf8' })
  expect(stored.status, stored.stderr).toBe(0)
  const ruleset = join(work, 'v3.yaml')
  writeFileSync(ruleset, 'extends: default\nid: default\nversion: 3\n')
  const asr = { ...archive, CALLQA_ASR_THREADS: '1' }
  const rescore = ['rescore', '--from', '2026-10-01', '--to', '2026-10-31', '--retranscribe', '--ruleset', ruleset]
  const ahead = { ...archive, CALLQA_RETRANSCRIBE_AHEAD: '2' }

  const transcribers = [started(['worker', 'transcriber'], asr), started(['worker', 'transcriber'], asr)]
  const scorer = started(['worker', 'scorer'], archive)
  // First run: two calls at a time. The embedded store is the CLI's until it has read the calls to do.
  const first = started(rescore, ahead)
  await until('the first run to send', () => first.stderr().includes('sending'), 300, first)
  expect(first.stderr()).toContain('call F9 cannot be transcribed again: no recording_uri stored')
  let sink = started(['worker', 'sink'], archive)
  // A transcriber killed while it has a call in hand (it has started its recogniser, the call is not committed).
  let busy: ChildProcess | undefined
  await until('a transcriber to take a call', async () => {
    busy = transcribers.map((t) => t.child).find((c) => spawnSync('ps', ['-o', 'pid=', '--ppid', String(c.pid)], { encoding: 'utf8' }).stdout.trim() !== '')
    return busy !== undefined && (await bus.lag('transcriber', [TOPICS.retranscribe])) > 0
  })
  await stop(busy!, 'SIGKILL')
  // Stopped before it has sent everything.
  first.child.kill('SIGINT')
  expect(await first.exited, first.stderr()).toBe(130)
  expect(first.stderr()).toMatch(/stopped: \d+ calls landed; the workers finish the \d+ in the pipeline; \d+ not sent/)

  // Resumed: the calls still in the pipeline are not sent again. The sink gives the store back meanwhile.
  await stop(sink.child)
  const second = started(rescore, ahead)
  await until('the second run to send', () => second.stderr().includes('sending'), 300, second)
  sink = started(['worker', 'sink'], archive)
  expect(await second.exited, second.stderr()).toBe(2)
  expect(second.stderr()).toMatch(/call F8 cannot be transcribed again: not audio or unreadable: .* \(transcriber\)/)
  expect(second.stderr()).toContain('call F9 cannot be transcribed again: no recording_uri stored')
  expect(second.stderr()).toMatch(/re-transcribed, scored and stored \d+ calls, 2 failed/)
  for (const w of [...transcribers, scorer, sink]) await stop(w.child)

  // Each good call was asked for once across both runs, however the work was split, killed and resumed. (F8 is asked
  // for again by the second run if the first one had already seen it fail: a failed call is tried again on a resume.)
  const requests = (await allMessages(TOPICS.retranscribe)).filter((m) => m.headers[HEADERS.rescoreTarget] === 'default@3').map((m) => m.key)
  expect(requests.filter((k) => k !== 'F8').sort()).toEqual(['F0', 'F1', 'F2', 'F3'])
  expect(requests.filter((k) => k === 'F8').length).toBeGreaterThanOrEqual(1)
  // Every good call has one scorecard of version 3 beside its version 1, and its new transcript, once.
  const cards = await sql<{ call_id: string; v: number; n: number }>(
    "SELECT call_id, ruleset_version AS v, toUInt32(count()) AS n FROM callqa.scorecards FINAL WHERE call_id LIKE 'F%' GROUP BY call_id, v ORDER BY call_id, v",
    archive.CALLQA_DATA_DIR,
  )
  expect(cards).toEqual([
    ...['F0', 'F1', 'F2', 'F3'].flatMap((id) => [{ call_id: id, v: 1, n: 1 }, { call_id: id, v: 3, n: 1 }]),
    { call_id: 'F8', v: 1, n: 1 },
    { call_id: 'F9', v: 1, n: 1 },
  ])
  const said = await sql<{ call_id: string; engine: string; texts: string[]; idx: number[] }>(
    `SELECT c.call_id AS call_id, c.engine AS engine, groupArray(u.text) AS texts, groupArray(u.idx) AS idx
     FROM (SELECT call_id, ifNull(argMax(asr_engine, updated_at), '') AS engine, max(updated_at) AS v FROM callqa.calls FINAL WHERE call_id LIKE 'F%' GROUP BY call_id) AS c
     INNER JOIN (SELECT * FROM callqa.utterances FINAL ORDER BY idx) AS u ON u.call_id = c.call_id AND u.updated_at = c.v
     GROUP BY call_id, engine ORDER BY call_id`,
    archive.CALLQA_DATA_DIR,
  )
  expect(said.map((s) => [s.call_id, s.engine.split(' ')[0]])).toEqual([
    ...['F0', 'F1', 'F2', 'F3'].map((id) => [id, 'faster-whisper']),
    // The calls that failed keep the transcript they had.
    ['F8', ''],
    ['F9', ''],
  ])
  for (const s of said) expect(new Set(s.idx).size).toBe(s.idx.length)
  expect(said[0]!.texts.join('')).toMatch(/交易/)
  expect(said[1]!.texts.join('')).toMatch(/广州/)
}, 1_200_000)
