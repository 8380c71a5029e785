import type { Speaker } from '../contracts/call.js'
import type { Utterance } from '../contracts/transcript.js'
import { toSimplified } from '../text/simplified.js'
import { clamp, type Span } from './windows.js'

export interface TimedWord {
  text: string
  /** From the start of the recording. */
  startMs: number
  endMs: number
}

/*
 * One utterance per VAD span: the span gives the times (VAD's edges are sharper than Whisper's), the words inside it
 * give the text. A word belongs to the span its midpoint falls in, or the nearest one when Whisper's timing drifts
 * into a pause. Spans left without words (a cough, a breath) are not utterances.
 */
export function assembleUtterances(speaker: Speaker, spans: readonly Span[], words: readonly TimedWord[]): Utterance[] {
  const texts = spans.map(() => [] as TimedWord[])
  for (const word of words) {
    const index = nearestSpan(spans, (word.startMs + word.endMs) / 2)
    if (index !== undefined) texts[index]!.push(word)
  }
  const utterances: Utterance[] = []
  spans.forEach((span, i) => {
    const spoken = texts[i]!
    const text = joinWords(spoken.map((w) => w.text))
    if (text === '' || isHallucination(text)) return
    utterances.push({
      speaker,
      startMs: span.startMs,
      endMs: span.endMs,
      text,
      words: spoken.map((w) => ({
        text: toSimplified(w.text.trim()),
        startMs: clamp(w.startMs, span.startMs, span.endMs),
        endMs: clamp(w.endMs, span.startMs, span.endMs),
      })),
    })
  })
  return utterances
}

/** How far outside every span a word may lie and still be kept. */
const MAX_DRIFT_MS = 1_000

function nearestSpan(spans: readonly Span[], ms: number): number | undefined {
  let lo = 0
  let hi = spans.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const span = spans[mid]!
    if (ms < span.startMs) hi = mid - 1
    else if (ms > span.endMs) lo = mid + 1
    else return mid
  }
  // Now spans[hi] ends before ms and spans[lo] starts after it.
  const before = hi >= 0 ? ms - spans[hi]!.endMs : Infinity
  const after = lo < spans.length ? spans[lo]!.startMs - ms : Infinity
  const best = Math.min(before, after)
  if (best > MAX_DRIFT_MS) return undefined
  return best === before ? hi : lo
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/

/** Whisper puts a space before each Latin word; between Chinese characters a space is noise. */
function joinWords(parts: readonly string[]): string {
  let out = ''
  for (const raw of parts) {
    const part = raw.replace(/\s+/g, ' ')
    const trimmed = part.trimStart()
    if (out === '' || CJK.test(out.at(-1)!) || CJK.test(trimmed[0] ?? '')) out += trimmed
    else out += part
  }
  return toSimplified(out.trim())
}

/*
 * Lines Whisper is known to produce from silence or music in Chinese (subtitle credits from its training data).
 * No caller or agent says them; VAD keeps most of it out, this catches the rest.
 */
const HALLUCINATIONS = [/字幕/, /请不吝点赞/, /订阅.*转发/, /明镜与点点/, /amara\.org/i, /优优独播剧场/, /^谢谢观看[。！!]?$/]

function isHallucination(text: string): boolean {
  return HALLUCINATIONS.some((pattern) => pattern.test(text))
}
