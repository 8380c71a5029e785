import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { openClickHouse } from '../services/lib/clickhouse/client.js'
import { DevBroker } from '../services/lib/kafka/dev-broker.js'
import { generateCalls, readAsrRefs } from './corpora.js'
import { buildStereoCall, type Turn } from './recordings.js'

/*
 * npm run bench:archive — archive re-transcription over Kafka (`callqa rescore --retranscribe` with KAFKA_BROKERS) on
 * a real broker (Maven Central jars), with 1 and then 2 transcriber workers (BENCH_WORKERS, default "1,2"), one scorer
 * and one sink into embedded ClickHouse (chdb).
 *   - The archive: BENCH_CALLS calls (default 8) built from the real Mandarin clips of ../shared/corpora/mandarin-asr,
 *     four turns each, agent and customer taking turns on their own channel, stored with `callqa score --store`.
 *   - Each round re-transcribes all of them under a new ruleset version, timed from the command's start to its exit
 *     (every call landed: transcript and scorecard committed by the sink), and the transcribers' CPU time (their
 *     processes and the ASR/ffmpeg processes under them) read from /proc just before they are stopped.
 *   - The cores are shared out: each of W workers gets CALLQA_ASR_THREADS = cores / W (at least 1).
 * Reports calls/hour, CPU-seconds per call and per audio hour, the load average, and the scaling from 1 to 2 workers.
 */

const CALLS = Number(process.env.BENCH_CALLS ?? 8)
const ROUNDS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number)
const CLI = join(import.meta.dirname, '..', 'services', 'cli', 'main.js')
const CLOCK_TICKS = 100

const dir = mkdtempSync(join(tmpdir(), 'callqa-bench-archive-'))
const broker = await DevBroker.onFreePorts(join(dir, 'kafka'))
await broker.start()
const dataDir = join(dir, 'store')
const env = {
  ...process.env,
  KAFKA_BROKERS: broker.brokers.join(','),
  KAFKA_PARTITIONS: '4',
  CALLQA_DATA_DIR: dataDir,
  CLICKHOUSE_URL: '',
  CALLQA_LANG: 'en',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
}

/** CPU seconds of a process and everything under it (children it has reaped included). */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces): state ppid … utime(14) stime cutime cstime.
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ')
      stats.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) })
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0
  const under = [root]
  while (under.length > 0) {
    const pid = under.pop()!
    ticks += stats.get(pid)?.ticks ?? 0
    for (const [child, s] of stats) if (s.ppid === pid) under.push(child)
  }
  return ticks / CLOCK_TICKS
}

function worker(stage: string, extra: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, 'worker', stage], { env: { ...env, ...extra }, stdio: ['ignore', 'ignore', 'inherit'] })
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  await exited
}

async function scorecardsOf(version: number): Promise<number> {
  const client = openClickHouse({ kind: 'embedded', dataDir })
  try {
    const result = await client.query({
      query: 'SELECT toUInt32(uniqExact(call_id)) AS n FROM callqa.scorecards WHERE ruleset_version = {v:UInt32}',
      query_params: { v: version },
      format: 'JSONEachRow',
    })
    return ((await result.json()) as Array<{ n: number }>)[0]!.n
  } finally {
    await client.close()
  }
}

const workers: ChildProcess[] = []
try {
  // The archive: calls of November 2026, each four clips long, agent and customer taking turns.
  const clips = readAsrRefs()
  const [base] = generateCalls(1, 41, 20_000)
  let audioSeconds = 0
  const calls = Array.from({ length: CALLS }, (_, i) => {
    const wav = join(dir, `A${i}.wav`)
    const turns: Turn[] = [0, 1, 2, 3].map((k) => ({ clip: clips[(i * 4 + k) % clips.length]!, channel: (k % 2) as 0 | 1, pauseAfter: 0.8 }))
    buildStereoCall(wav, turns)
    const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wav], { encoding: 'utf8' }))
    audioSeconds += seconds
    const day = String((i % 28) + 1).padStart(2, '0')
    return { ...base!, callId: `A${i}`, startedAt: `2026-11-${day}T10:00:00+08:00`, durationSeconds: Math.ceil(seconds), recording: { uri: pathToFileURL(wav).href, channels: { agent: 0, customer: 1 } } }
  })
  const file = join(dir, 'archive.ndjson')
  writeFileSync(file, calls.map((c) => JSON.stringify(c)).join('\n') + '\n')
  execFileSync(process.execPath, [CLI, 'score', '--store', '--format', 'ndjson', file], { env: { ...env, KAFKA_BROKERS: '' }, stdio: ['ignore', 'ignore', 'inherit'] })
  console.log(`archive: ${CALLS} stereo calls from the mandarin-asr clips, ${(audioSeconds / CALLS).toFixed(1)} s each on average (${(audioSeconds / 60).toFixed(1)} min in all)`)

  const perHour: number[] = []
  for (const [round, count] of ROUNDS.entries()) {
    const version = round + 2
    const ruleset = join(dir, `v${version}.yaml`)
    writeFileSync(ruleset, `extends: default\nid: default\nversion: ${version}\n`)
    const threads = String(Math.max(1, Math.floor(availableParallelism() / count)))
    const transcribers = Array.from({ length: count }, () => worker('transcriber', { CALLQA_ASR_THREADS: threads }))
    workers.push(...transcribers, worker('scorer'))
    const started = performance.now()
    const cli = spawn(process.execPath, [CLI, 'rescore', '--retranscribe', '--from', '2026-11-01', '--to', '2026-11-30', '--ruleset', ruleset], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let said = ''
    let sink: ChildProcess | undefined
    cli.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString()
      // The embedded store is the command's until it has read the calls to do; then the sink takes it.
      if (!sink && said.includes('sending')) workers.push((sink = worker('sink')))
    })
    const [code] = (await once(cli, 'exit')) as [number | null]
    const seconds = (performance.now() - started) / 1000
    const load = loadavg()[0]!.toFixed(2)
    const cpu = transcribers.reduce((sum, t) => sum + treeCpuSeconds(t.pid!), 0)
    for (const w of workers.splice(0)) await stop(w)
    if (code !== 0) throw new Error(`callqa rescore --retranscribe exited ${code}:\n${said}`)
    const landed = await scorecardsOf(version)
    if (landed !== CALLS) throw new Error(`${landed} calls have a version-${version} scorecard, expected ${CALLS}`)
    perHour.push((CALLS * 3600) / seconds)
    console.log(
      `${count} transcriber${count > 1 ? 's' : ''} (CALLQA_ASR_THREADS=${threads} each): ${CALLS} calls re-transcribed, scored and stored in ${seconds.toFixed(1)} s = ` +
        `${Math.round(perHour.at(-1)!)} calls/hour; transcriber CPU ${cpu.toFixed(1)} s = ${(cpu / CALLS).toFixed(1)} CPU-s per call, ` +
        `${(cpu / audioSeconds).toFixed(2)} CPU-h per audio hour (load average ${load} at the end)`,
    )
  }
  if (perHour.length === 2) console.log(`scaling ${ROUNDS[0]} → ${ROUNDS[1]} transcribers: ×${(perHour[1]! / perHour[0]!).toFixed(2)} calls/hour`)
} finally {
  for (const w of workers) w.kill('SIGKILL')
  await broker.stop()
  rmSync(dir, { recursive: true, force: true })
}
