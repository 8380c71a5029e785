import type { Span } from './windows.js'
import type { TimedWord } from './assemble.js'

/*
 * Whisper sometimes leaves speech out: a quiet voice after a loud one in the same window, or the rest of a window once
 * it has decided the text is over. It happens with timeline and packed windows alike (a mono recording of four voices
 * lost 6 s of one voice either way), and more with the batched decoder, which reads each window once. Speech that VAD
 * found and no recognised word covers is therefore heard a second time, on its own.
 */

export interface CoverageOptions {
  /** Uncovered speech shorter than this is a pause between words, a breath or a cough, not a skipped phrase. */
  minMs?: number
  /** How far a word's timing may be off: speech this close to a word counts as heard. */
  reachMs?: number
}

export const MIN_UNHEARD_MS = 900
export const WORD_REACH_MS = 350

/** Stretches of the spans no word comes within `reachMs` of, at least `minMs` long; in timeline order. */
export function unheardSpeech(spans: readonly Span[], words: readonly TimedWord[], opts: CoverageOptions = {}): Span[] {
  const { minMs = MIN_UNHEARD_MS, reachMs = WORD_REACH_MS } = opts
  const heard = words.map((w) => ({ startMs: w.startMs - reachMs, endMs: Math.max(w.startMs, w.endMs) + reachMs })).sort((a, b) => a.startMs - b.startMs)
  const unheard: Span[] = []
  for (const span of spans) {
    let from = span.startMs
    for (const h of heard) {
      if (h.endMs <= from) continue
      if (h.startMs >= span.endMs) break
      if (h.startMs - from >= minMs) unheard.push({ startMs: from, endMs: h.startMs })
      from = Math.max(from, h.endMs)
    }
    if (span.endMs - from >= minMs) unheard.push({ startMs: from, endMs: span.endMs })
  }
  return unheard
}

/**
 * The words of both hearings in timeline order. A word heard again (the second hearing's audio reaches the edges of
 * words already heard) is kept once, as first heard.
 */
export function withWordsHeardAgain<W extends TimedWord>(first: readonly W[], again: readonly W[]): W[] {
  const added = again.filter((word) => {
    const middle = (word.startMs + word.endMs) / 2
    return !first.some((w) => middle >= w.startMs && middle <= Math.max(w.startMs, w.endMs))
  })
  return [...first, ...added].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)
}
