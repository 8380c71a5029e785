import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/*
 * Speaker voice prints from a neural speaker encoder (Resemblyzer's GE2E d-vectors, weights from PyPI) run in numpy
 * in a Python process of its own (voice_print_sidecar.py), in the ASR runtime's interpreter. Requests are answered in
 * order; each carries one recording's samples and the windows to print.
 */

const SIDECAR = fileURLToPath(new URL('./voice_print_sidecar.py', import.meta.url))

const Ready = z.object({ ready: z.literal(true), model: z.string() })
const Reply = z.union([
  z.object({ id: z.number(), dims: z.number().int().positive(), prints: z.string(), cpuSeconds: z.number() }),
  z.object({ id: z.number(), error: z.string() }),
])

export interface SampleWindow {
  /** Sample indices into the recording, end exclusive. */
  from: number
  to: number
}

export interface VoicePrinter {
  readonly model: string
  /** One unit-length print per window, in order. */
  prints(samples: Float32Array, windows: readonly SampleWindow[]): Promise<Float64Array[]>
  /** CPU time the encoder's process has used so far (for benchmarks); undefined before it has answered. */
  cpuSeconds(): number | undefined
  close(): Promise<void>
}

export class VoicePrintError extends Error {}

export async function openVoicePrinter(opts: { python: string; weights: string }): Promise<VoicePrinter> {
  // One BLAS thread: the recogniser has the other cores, and the encoder's matrices are small.
  const child = spawn(opts.python, [SIDECAR, opts.weights], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  })
  let stderrTail = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000)
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const fail = (what: string) => new VoicePrintError(`${what}: ${stderrTail.trim().slice(-800)}`)
  child.once('error', () => {})
  const first = await lines.next()
  const ready = Ready.safeParse(first.done ? undefined : parse(first.value))
  if (!ready.success) {
    child.kill('SIGKILL')
    throw fail(`the voice-print sidecar did not start (${opts.python})`)
  }
  // One request in flight at a time: callers queue on this chain.
  let queue: Promise<unknown> = Promise.resolve()
  let nextId = 1
  let cpu: number | undefined
  const ask = async (samples: Float32Array, windows: readonly SampleWindow[]): Promise<Float64Array[]> => {
    const id = nextId++
    child.stdin.write(`${JSON.stringify({ id, samples: samples.length, windows: windows.map((w) => [w.from, w.to]) })}\n`)
    child.stdin.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength))
    const line = await lines.next()
    if (line.done) throw fail('the voice-print sidecar exited')
    const reply = Reply.safeParse(parse(line.value))
    if (!reply.success || reply.data.id !== id) throw fail(`the voice-print sidecar answered out of protocol: ${line.value.slice(0, 200)}`)
    if ('error' in reply.data) throw new VoicePrintError(`voice prints failed: ${reply.data.error}`)
    cpu = reply.data.cpuSeconds
    const bytes = Buffer.from(reply.data.prints, 'base64')
    const flat = new Float32Array(new Uint8Array(bytes).buffer)
    const { dims } = reply.data
    if (flat.length !== dims * windows.length) throw new VoicePrintError(`voice prints: expected ${windows.length} × ${dims} values, got ${flat.length}`)
    return windows.map((_, i) => Float64Array.from(flat.subarray(i * dims, (i + 1) * dims)))
  }
  return {
    model: ready.data.model,
    prints: (samples, windows) => {
      const result = queue.then(() => ask(samples, windows))
      queue = result.catch(() => {})
      return result
    },
    cpuSeconds: () => cpu,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const gone = new Promise((resolve) => child.once('exit', resolve))
      child.stdin.end()
      await gone
    },
  }
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}

/** A printer started on first use (the encoder's process and, if missing, its weights): stereo-only work never runs it. */
export function lazyVoicePrinter(open: () => Promise<VoicePrinter>): VoicePrinter {
  let started: Promise<VoicePrinter> | undefined
  let opened: VoicePrinter | undefined
  return {
    model: 'resemblyzer-ge2e',
    prints: async (samples, windows) => {
      opened = await (started ??= open())
      return opened.prints(samples, windows)
    },
    cpuSeconds: () => opened?.cpuSeconds(),
    close: async () => (await started)?.close(),
  }
}
