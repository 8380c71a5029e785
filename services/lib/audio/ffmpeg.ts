import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { z } from 'zod'
import type { ProbedAudio } from '../../../pipelines/audio/plan.js'

/*
 * ffmpeg and ffprobe (Debian's package) as two small typed calls: probe a file, decode it to 16 kHz float samples
 * per channel. Whatever the recorder wrote (PCM or G.711 WAV, MP3, AMR-NB, Ogg/Opus, M4A) comes out the same.
 */

const run = promisify(execFile)

export class AudioError extends Error {}

const FfprobeOutput = z.object({
  format: z.object({ format_name: z.string(), duration: z.coerce.number().optional() }).optional(),
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        channels: z.number().optional(),
        sample_rate: z.coerce.number().optional(),
        duration: z.coerce.number().optional(),
      }),
    )
    .default([]),
})

export async function probeAudio(path: string): Promise<ProbedAudio> {
  let stdout: string
  try {
    ;({ stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], {
      maxBuffer: 4 * 1024 * 1024,
    }))
  } catch (err) {
    const e = err as { code?: string; stderr?: string; message: string }
    if (e.code === 'ENOENT') throw new AudioError('ffprobe is not installed (Debian: apt-get install ffmpeg; or run `callqa setup`)')
    throw new AudioError(`not audio or unreadable: ${lastLine(e.stderr) ?? e.message}`)
  }
  const parsed = FfprobeOutput.parse(JSON.parse(stdout))
  const audio = parsed.streams.filter((s) => s.codec_type === 'audio')
  return {
    format: parsed.format?.format_name ?? 'unknown',
    durationSeconds: parsed.format?.duration ?? audio[0]?.duration,
    streams: audio.map((s) => ({ codec: s.codec_name ?? 'unknown', channels: s.channels ?? 0, sampleRate: s.sample_rate ?? 0 })),
  }
}

export const DECODE_RATE = 16_000

export interface Decoded {
  /** One Float32Array of 16 kHz samples per channel of the first audio stream. */
  channels: Float32Array[]
  /** What ffmpeg warned about while decoding (a damaged file decodes partly, and says so here). */
  warnings: string[]
}

export async function decodeChannels(path: string, channels: number): Promise<Decoded> {
  const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'warning', '-i', path, '-map', '0:a:0', '-ac', String(channels), '-ar', String(DECODE_RATE), '-f', 'f32le', '-'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const chunks: Buffer[] = []
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-16_000)
  })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new AudioError('ffmpeg is not installed (Debian: apt-get install ffmpeg; or run `callqa setup`)') : err),
    )
    child.once('close', resolve)
  })
  if (code !== 0) throw new AudioError(`cannot decode: ${lastLine(stderr) ?? `ffmpeg exited with ${code}`}`)
  const all = Buffer.concat(chunks)
  // A copy: Buffer.concat may hand out a slice of Node's pool that is not 4-byte aligned.
  const interleaved = new Float32Array(new Uint8Array(all.subarray(0, all.byteLength - (all.byteLength % 4))).buffer)
  const warnings = stderr.split('\n').map((l) => l.trim()).filter(Boolean)
  if (channels === 1) return { channels: [interleaved], warnings }
  const frames = Math.floor(interleaved.length / channels)
  const out = Array.from({ length: channels }, () => new Float32Array(frames))
  for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++) out[c]![i] = interleaved[i * channels + c]!
  return { channels: out, warnings }
}

function lastLine(text: string | undefined): string | undefined {
  const line = text?.trim().split('\n').pop()?.trim()
  return line ? line : undefined
}
