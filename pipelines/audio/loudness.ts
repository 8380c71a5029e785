import type { Span } from '../transcription/windows.js'

/** Short-term level window, as loudness meters use: long enough to ignore clicks, short enough to catch a shout. */
const WINDOW_MS = 400

/** Loudest short-term RMS level inside the speech spans, dBFS; undefined when there is no speech. */
export function maxSpeechDbfs(samples: Float32Array, spans: readonly Span[], sampleRate: number): number | undefined {
  const size = Math.round((WINDOW_MS * sampleRate) / 1000)
  let loudest = 0
  let measured = false
  for (const span of spans) {
    const from = Math.round((span.startMs * sampleRate) / 1000)
    const to = Math.min(samples.length, Math.round((span.endMs * sampleRate) / 1000))
    for (let start = from; start < to; start += size) {
      const end = Math.min(to, start + size)
      let sum = 0
      for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!
      if (end > start) {
        loudest = Math.max(loudest, sum / (end - start))
        measured = true
      }
    }
  }
  if (!measured) return undefined
  if (loudest <= 0) return -120
  return Math.min(0, Math.round(10 * Math.log10(loudest) * 10) / 10)
}
