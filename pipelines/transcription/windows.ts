/*
 * Whisper reads 30-second windows and costs the same for one second of speech as for thirty, so a channel's speech
 * spans are packed into as few windows as fit. Between spans the audio is silenced: VAD judged it not speech, and
 * Whisper left alone with hold music or line noise writes text that was never said.
 */

export interface Span {
  startMs: number
  endMs: number
}

export interface Window {
  startMs: number
  endMs: number
  spans: Span[]
}

export const WINDOW_MS = 29_000
/** Kept around each span so a soft first or last syllable is not clipped. */
export const PAD_MS = 500

export function packWindows(spans: readonly Span[], totalMs: number, maxMs = WINDOW_MS, padMs = PAD_MS): Window[] {
  const windows: Window[] = []
  let current: Window | undefined
  for (const span of spans) {
    const start = Math.max(0, span.startMs - padMs)
    const end = Math.min(totalMs, span.endMs + padMs)
    if (current && end - current.startMs <= maxMs) {
      current.endMs = end
      current.spans.push(span)
    } else {
      current = { startMs: start, endMs: Math.min(end, start + maxMs), spans: [span] }
      windows.push(current)
    }
  }
  return windows
}

/** The window's samples with everything outside its padded spans set to silence. */
export function windowSamples(samples: Float32Array, window: Window, sampleRate: number, padMs = PAD_MS): Float32Array {
  const at = (ms: number) => Math.min(samples.length, Math.max(0, Math.round((ms * sampleRate) / 1000)))
  const from = at(window.startMs)
  const out = new Float32Array(at(window.endMs) - from)
  for (const span of window.spans) {
    const a = at(Math.max(window.startMs, span.startMs - padMs))
    const b = at(Math.min(window.endMs, span.endMs + padMs))
    out.set(samples.subarray(a, b), a - from)
  }
  return out
}
