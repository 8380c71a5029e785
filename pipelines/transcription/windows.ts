/*
 * Whisper reads 30-second windows and costs about the same for one second of speech as for thirty, so a window
 * carries speech only: a channel's VAD spans (padded) are laid end to end with a short silence between them, each
 * in the first window with room for it, and the times Whisper reports in the window are mapped back to the
 * recording's timeline. Following the timeline instead (silence muted) cost one window per 30 s of call on each
 * channel, though each speaker talks a third of the time. A window holds one channel: both channels' speech packed
 * together in the order it was said saved no window on bench:asr's Mandarin call and made Whisper skip more of the
 * real call (5 stretches heard again instead of 3).
 * What VAD judged not speech never reaches Whisper: left alone with hold music or line noise it writes text that
 * was never said.
 */

export interface Span {
  startMs: number
  endMs: number
}

/** Audio [fromMs, toMs) of one stream (channel) of the recording, placed at `atMs` in the window. */
export interface Piece {
  stream: number
  fromMs: number
  toMs: number
  atMs: number
}

export interface Window {
  /** In window order, which is also timeline order (a later window may hold earlier speech). */
  pieces: Piece[]
  lengthMs: number
}

export const WINDOW_MS = 29_000
/** Kept around each span so a soft first or last syllable is not clipped. */
export const PAD_MS = 500
/** Silence between pieces that were apart in the recording, so Whisper hears a pause there and does not run words together. */
export const GAP_MS = 300

export interface PackOptions {
  maxMs?: number
  padMs?: number
  gapMs?: number
  /** The stream (channel) the spans were found on, which each piece keeps. */
  stream?: number
}

/** The first hearing's windows over each stream's speech spans (CALLQA_ASR_WINDOWS): packed, or on the timeline. */
export function speechWindows(layout: 'speech' | 'timeline', streams: ReadonlyArray<readonly Span[]>, totalMs: number): Window[] {
  return streams.flatMap((spans, stream) => (layout === 'speech' ? packWindows(spans, totalMs, { stream }) : timelineWindows(spans, totalMs, { stream })))
}

export function packWindows(spans: readonly Span[], totalMs: number, opts: PackOptions = {}): Window[] {
  const { maxMs = WINDOW_MS, padMs = PAD_MS, gapMs = GAP_MS, stream = 0 } = opts
  const windows: Window[] = []
  let heardTo = 0
  for (const span of spans) {
    // Padding may reach into the previous span's padding; no audio is given twice.
    let from = Math.max(0, span.startMs - padMs, heardTo)
    const to = Math.min(totalMs, span.endMs + padMs)
    let cut = false
    while (from < to) {
      const length = to - from
      const runsOn = (w: Window) => w.pieces.at(-1)!.toMs === from
      // Speech goes whole into the first window with room for it (running on in the window whose last piece it
      // continues, where it fits): filled in timeline order, a span that did not fit started a window of its own,
      // and the real call of bench:asr took 11 windows for what now fits in 10.
      const into = cut
        ? undefined
        : (windows.find((w) => runsOn(w) && w.lengthMs + length <= maxMs) ?? windows.find((w) => w.lengthMs + gapMs + length <= maxMs))
      // Speech is cut only where it is longer than a window, and goes on at the start of a window of its own: cut
      // mid-sentence, the batched decoder wrote the sentence's likely end after the cut and skipped its real start
      // in the next window.
      const window = into ?? windows[windows.push({ pieces: [], lengthMs: 0 }) - 1]!
      const until = Math.min(to, from + maxMs)
      const last = window.pieces.at(-1)
      if (last && runsOn(window)) last.toMs = until
      else window.pieces.push({ stream, fromMs: from, toMs: until, atMs: last ? window.lengthMs + gapMs : 0 })
      const piece = window.pieces.at(-1)!
      window.lengthMs = piece.atMs + piece.toMs - piece.fromMs
      cut = until < to
      from = until
    }
    heardTo = Math.max(heardTo, to)
  }
  return windows
}

/**
 * Windows that follow the timeline: from a span's padded start up to 29 s on, every padded span in it at its own
 * place, silence between. Costs a window per 29 s of a channel's talk-time-plus-pauses, but Whisper hears each
 * stretch of speech where it was said; packed windows (above) lost whole turns of a quiet far voice after a loud
 * one on mono recordings (tests/integration/transcribe.test.ts, four voices). A span longer than a window goes on
 * in the next.
 */
export function timelineWindows(spans: readonly Span[], totalMs: number, opts: Omit<PackOptions, 'gapMs'> = {}): Window[] {
  const { maxMs = WINDOW_MS, padMs = PAD_MS, stream = 0 } = opts
  const windows: Window[] = []
  let startMs = 0
  let current: Window | undefined
  for (const span of spans) {
    let from = Math.max(0, span.startMs - padMs)
    const to = Math.min(totalMs, span.endMs + padMs)
    while (from < to) {
      if (!current || to - startMs > maxMs) {
        if (current && from < startMs + current.lengthMs) from = startMs + current.lengthMs
        if (from >= to) break
        startMs = from
        current = { pieces: [], lengthMs: 0 }
        windows.push(current)
      }
      const until = Math.min(to, startMs + maxMs)
      const at = Math.max(from, startMs)
      current.pieces.push({ stream, fromMs: at, toMs: until, atMs: at - startMs })
      current.lengthMs = Math.max(current.lengthMs, until - startMs)
      from = until
    }
  }
  return windows
}

/** The window's audio: its pieces copied from their streams' samples, silence between them. */
export function windowSamples(streams: readonly Float32Array[], window: Window, sampleRate: number): Float32Array {
  const at = (ms: number) => Math.round((ms * sampleRate) / 1000)
  const out = new Float32Array(at(window.lengthMs))
  for (const piece of window.pieces) {
    const samples = streams[piece.stream]!
    const source = samples.subarray(Math.min(samples.length, at(piece.fromMs)), Math.min(samples.length, at(piece.toMs)))
    out.set(source.subarray(0, out.length - at(piece.atMs)), at(piece.atMs))
  }
  return out
}

export interface TimedText {
  text: string
  startMs: number
  endMs: number
}

/**
 * Words timed in the window, timed on the recording, each with the stream it was said on. A word lies within one
 * piece: one that Whisper stretched over a gap is kept in the piece holding more of it, and a time that falls in a
 * gap goes to the nearer piece's edge. A word that starts after the window's audio has ended was never heard:
 * Whisper, reading a window cut mid-sentence, goes on to write the sentence's likely end (seen with the batched
 * decoder), and that text is dropped.
 */
export function toTimeline<W extends TimedText>(window: Window, words: readonly W[]): Array<W & { stream: number }> {
  return words.filter((word) => word.startMs < window.lengthMs).map((word) => {
    const first = pieceAt(window, word.startMs)
    const last = pieceAt(window, word.endMs)
    const index = first === last || share(window, word, first) >= share(window, word, last) ? first : last
    const piece = window.pieces[index]!
    const place = (ms: number) => piece.fromMs + clamp(ms - piece.atMs, 0, piece.toMs - piece.fromMs)
    return { ...word, stream: piece.stream, startMs: place(word.startMs), endMs: place(Math.max(word.startMs, word.endMs)) }
  })
}

/** The piece containing window time `ms`, or in a gap (or beyond the ends) the nearest one. */
function pieceAt(window: Window, ms: number): number {
  const { pieces } = window
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!
    if (ms <= p.atMs + p.toMs - p.fromMs) {
      if (ms >= p.atMs || i === 0) return i
      const previous = pieces[i - 1]!
      return ms - (previous.atMs + previous.toMs - previous.fromMs) < p.atMs - ms ? i - 1 : i
    }
  }
  return pieces.length - 1
}

function share(window: Window, word: TimedText, index: number): number {
  const p = window.pieces[index]!
  return Math.min(word.endMs, p.atMs + p.toMs - p.fromMs) - Math.max(word.startMs, p.atMs)
}

export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value))
}
