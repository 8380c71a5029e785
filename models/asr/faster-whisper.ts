import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { AsrEngine, RecognizedWord } from './engine.js'

/*
 * Whisper through faster-whisper, in a Python process of its own (faster_whisper_sidecar.py): CTranslate2, which runs
 * Whisper fastest on a CPU, has no Node binding. Requests are pipelined; the sidecar answers them in order.
 */

const SIDECAR = fileURLToPath(new URL('./faster_whisper_sidecar.py', import.meta.url))

const Ready = z.object({ ready: z.literal(true), engine: z.string(), model: z.string() })
const Reply = z.union([
  z.object({
    id: z.number(),
    windows: z.array(z.array(z.object({ text: z.string(), startMs: z.number(), endMs: z.number() }))),
    maxRssKb: z.number(),
  }),
  z.object({ id: z.number(), error: z.string() }),
])

export interface FasterWhisperOptions {
  python: string
  modelDir: string
  language?: string
  beamSize?: number
  threads?: number
  /** Windows decoded together; 1 decodes them one by one with the full decoder (temperature fallback). */
  batchSize?: number
  /** Word timestamps (an extra alignment pass); without them each phrase Whisper writes is one timed piece. */
  wordTimestamps?: boolean
  /** Words the recogniser should expect (faster-whisper `hotwords`), given with every window (bench:hotwords). */
  hotwords?: string
  /** Text as if said just before each window (faster-whisper `initial_prompt`; bench:hotwords). */
  initialPrompt?: string
  /** CTranslate2 compute type; int8 measured as accurate as float32 and faster on this kind of CPU. */
  computeType?: 'int8' | 'float32' | 'int8_float32'
}

export class AsrProcessError extends Error {}

export async function openFasterWhisper(opts: FasterWhisperOptions): Promise<AsrEngine> {
  const batchSize = opts.batchSize ?? 1
  const child = spawn(opts.python, [SIDECAR, opts.modelDir, String(opts.threads ?? 2), opts.computeType ?? 'int8', String(batchSize)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderrTail = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000)
  })
  const pending = new Map<number, { resolve: (w: RecognizedWord[][]) => void; reject: (e: Error) => void }>()
  let nextId = 1
  let peakKb: number | undefined
  let exited: Error | undefined
  const lines = createInterface({ input: child.stdout })

  const ready = new Promise<z.infer<typeof Ready>>((resolve, reject) => {
    lines.once('line', (line) => {
      const parsed = Ready.safeParse(safeJson(line))
      if (parsed.success) resolve(parsed.data)
      else reject(new AsrProcessError(`ASR sidecar did not start properly: ${line.slice(0, 300)}`))
    })
    child.once('exit', (code, signal) =>
      reject(new AsrProcessError(`ASR sidecar exited while loading the model (${signal ?? code}): ${stderrTail.trim().slice(-800)}`)),
    )
    child.once('error', (err) => reject(new AsrProcessError(`cannot start ${opts.python}: ${err.message}`)))
  })
  const started = await ready.catch((err: Error) => {
    child.kill('SIGKILL')
    throw err
  })

  lines.on('line', (line) => {
    const reply = Reply.safeParse(safeJson(line))
    if (!reply.success) return
    const waiter = pending.get(reply.data.id)
    if (!waiter) return
    pending.delete(reply.data.id)
    if ('error' in reply.data) waiter.reject(new AsrProcessError(`speech recognition failed: ${reply.data.error}`))
    else {
      peakKb = Math.max(peakKb ?? 0, reply.data.maxRssKb)
      waiter.resolve(reply.data.windows)
    }
  })
  child.on('exit', (code, signal) => {
    exited = new AsrProcessError(`ASR sidecar exited (${signal ?? code}): ${stderrTail.trim().slice(-800)}`)
    for (const waiter of pending.values()) waiter.reject(exited)
    pending.clear()
  })

  return {
    engine: started.engine,
    model: started.model,
    batchSize,
    recognize: (windows) => request(child, pending, nextId++, windows, opts, () => exited),
    peakMemoryKb: () => peakKb,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const gone = new Promise((resolve) => child.once('exit', resolve))
      child.stdin.end()
      await gone
    },
  }
}

function request(
  child: ChildProcessWithoutNullStreams,
  pending: Map<number, { resolve: (w: RecognizedWord[][]) => void; reject: (e: Error) => void }>,
  id: number,
  windows: readonly Float32Array[],
  opts: FasterWhisperOptions,
  exited: () => Error | undefined,
): Promise<RecognizedWord[][]> {
  const gone = exited()
  if (gone) return Promise.reject(gone)
  if (windows.length === 0) return Promise.resolve([])
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject })
    const header = {
      id,
      windows: windows.map((w) => w.length),
      language: opts.language ?? 'zh',
      beam: opts.beamSize ?? 5,
      words: opts.wordTimestamps ?? true,
      hotwords: opts.hotwords,
      prompt: opts.initialPrompt,
    }
    child.stdin.write(`${JSON.stringify(header)}\n`)
    for (const samples of windows) child.stdin.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength))
  })
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}
