import { seeded } from '../corpora.js'
import type { Speaker } from './spec.js'

/*
 * A test call's two channels: each utterance at its level and its start time on its speaker's channel, over a
 * faint line noise (real lines are never digitally silent, and VAD must cope with that). Pure.
 */

export interface Voiced {
  speaker: Speaker
  startMs: number
  samples: Float32Array
  /** RMS level of the utterance, dBFS. */
  levelDb: number
  /** Added on top; a shouted utterance is soft-clipped the way a saturated microphone path clips. */
  louderDb: number
}

function rms(samples: Float32Array): number {
  let sum = 0
  for (const x of samples) sum += x * x
  return Math.sqrt(sum / Math.max(1, samples.length))
}

export function levelled(samples: Float32Array, levelDb: number, louderDb: number): Float32Array {
  const gain = 10 ** ((levelDb + louderDb) / 20) / Math.max(1e-9, rms(samples))
  const out = new Float32Array(samples.length)
  for (let i = 0; i < samples.length; i++) out[i] = louderDb > 0 ? Math.tanh(samples[i]! * gain) : samples[i]! * gain
  return out
}

/** Agent and customer channels of `totalMs` at `rate`, with the utterances placed and line noise under them. */
export function mixChannels(utterances: readonly Voiced[], totalMs: number, rate: number, noiseDb: number, seed: number): Record<Speaker, Float32Array> {
  const length = Math.ceil((totalMs * rate) / 1000)
  const random = seeded(seed)
  const noise = 10 ** (noiseDb / 20) * Math.sqrt(3) // uniform in ±a has RMS a/√3
  const channel = () => Float32Array.from({ length }, () => (random() * 2 - 1) * noise)
  const channels: Record<Speaker, Float32Array> = { agent: channel(), customer: channel() }
  for (const u of utterances) {
    const target = channels[u.speaker]
    const at = Math.round((u.startMs * rate) / 1000)
    const voiced = levelled(u.samples, u.levelDb, u.louderDb)
    for (let i = 0; i < voiced.length && at + i < length; i++) target[at + i] = target[at + i]! + voiced[i]!
  }
  return channels
}

/** Two channels as interleaved little-endian float32, the raw input ffmpeg takes with `-f f32le -ac 2`. */
export function interleave(left: Float32Array, right: Float32Array): Buffer {
  const out = new Float32Array(left.length * 2)
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = left[i]!
    out[2 * i + 1] = right[i] ?? 0
  }
  return Buffer.from(out.buffer)
}
