/*
 * Diarization error rate, as NIST md-eval counts it, over 10 ms frames: missed speech, false alarm and speaker
 * confusion, divided by the reference's speech (each speaker's time counted, so overlap counts twice). Reference
 * speakers are mapped to hypothesis speakers one-to-one to maximise the time they share. Options: a collar around
 * every reference boundary that is not scored, and whether frames where the reference has two or more speakers at
 * once are scored.
 */

export interface LabelledSpan {
  startMs: number
  endMs: number
  speaker: string
}

export interface DerOptions {
  /** Not scored: this many ms either side of each reference turn's start and end. */
  collarMs: number
  /** Score the frames where the reference has overlapping speakers. */
  scoreOverlap: boolean
}

export interface DerResult {
  /** Reference speech scored, seconds (per speaker). */
  scoredSeconds: number
  missSeconds: number
  falseAlarmSeconds: number
  confusionSeconds: number
  der: number
  /** Reference speaker → hypothesis speaker of the optimal mapping. */
  mapping: Map<string, string>
}

const FRAME_MS = 10

function speakersOf(spans: readonly LabelledSpan[]): string[] {
  return [...new Set(spans.map((s) => s.speaker))]
}

/** Per speaker, a 0/1 track over `frames`. */
function tracks(spans: readonly LabelledSpan[], speakers: readonly string[], frames: number): Uint8Array[] {
  return speakers.map((sp) => {
    const track = new Uint8Array(frames)
    for (const s of spans) if (s.speaker === sp) track.fill(1, Math.max(0, Math.round(s.startMs / FRAME_MS)), Math.min(frames, Math.round(s.endMs / FRAME_MS)))
    return track
  })
}

/** All one-to-one assignments of reference to hypothesis speakers (small sets: permutations). */
function bestMapping(shared: number[][], refs: number, hyps: number): number[] {
  let best: number[] = []
  let bestScore = -1
  const assign = (i: number, used: Set<number>, current: number[], score: number) => {
    if (i === refs) {
      if (score > bestScore) {
        bestScore = score
        best = [...current]
      }
      return
    }
    assign(i + 1, used, [...current, -1], score)
    for (let h = 0; h < hyps; h++) {
      if (used.has(h)) continue
      used.add(h)
      assign(i + 1, used, [...current, h], score + shared[i]![h]!)
      used.delete(h)
    }
  }
  assign(0, new Set(), [], 0)
  return best
}

export function diarizationError(reference: readonly LabelledSpan[], hypothesis: readonly LabelledSpan[], totalMs: number, options: DerOptions): DerResult {
  const frames = Math.ceil(totalMs / FRAME_MS)
  const refSpeakers = speakersOf(reference)
  const hypSpeakers = speakersOf(hypothesis)
  const ref = tracks(reference, refSpeakers, frames)
  const hyp = tracks(hypothesis, hypSpeakers, frames)
  const scored = new Uint8Array(frames).fill(1)
  const collar = Math.round(options.collarMs / FRAME_MS)
  for (const s of reference) {
    for (const edge of [Math.round(s.startMs / FRAME_MS), Math.round(s.endMs / FRAME_MS)]) scored.fill(0, Math.max(0, edge - collar), Math.min(frames, edge + collar))
  }
  if (!options.scoreOverlap) {
    for (let f = 0; f < frames; f++) if (ref.reduce((n, t) => n + t[f]!, 0) > 1) scored[f] = 0
  }
  const shared = ref.map((r) =>
    hyp.map((h) => {
      let n = 0
      for (let f = 0; f < frames; f++) if (scored[f] && r[f] && h[f]) n++
      return n
    }),
  )
  const map = bestMapping(shared, refSpeakers.length, hypSpeakers.length)
  let total = 0
  let miss = 0
  let falseAlarm = 0
  let confusion = 0
  for (let f = 0; f < frames; f++) {
    if (!scored[f]) continue
    let nRef = 0
    let nHyp = 0
    let correct = 0
    ref.forEach((r, i) => {
      nRef += r[f]!
      if (r[f] && map[i]! >= 0 && hyp[map[i]!]![f]) correct++
    })
    for (const h of hyp) nHyp += h[f]!
    total += nRef
    miss += Math.max(0, nRef - nHyp)
    falseAlarm += Math.max(0, nHyp - nRef)
    confusion += Math.min(nRef, nHyp) - correct
  }
  const seconds = (n: number) => (n * FRAME_MS) / 1000
  return {
    scoredSeconds: seconds(total),
    missSeconds: seconds(miss),
    falseAlarmSeconds: seconds(falseAlarm),
    confusionSeconds: seconds(confusion),
    der: total > 0 ? (miss + falseAlarm + confusion) / total : 0,
    mapping: new Map(refSpeakers.flatMap((r, i) => (map[i]! >= 0 ? [[r, hypSpeakers[map[i]!]!] as [string, string]] : []))),
  }
}
