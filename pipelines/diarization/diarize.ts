import type { Span } from '../transcription/windows.js'
import { CEPSTRA, cepstra, FRAME_MS } from './features.js'

/*
 * Who speaks when on one channel (a mono or mixed recording): speech regions → overlapping 1.5 s windows → a voice
 * print per window (a speaker encoder's d-vector; or, measured for comparison, the spread of its cepstra) → windows
 * clustered into voices → speaker turns (each frame takes the voice of the window centred nearest it). Pure: VAD
 * spans and voice prints in, turns out.
 *
 * The number of speakers is found, not assumed: the cut of the clustering tree whose groups are best separated
 * (silhouette), or one voice when even the best two-way split leaves groups that sound alike, so an IVR prompt or a
 * voicemail can come out as one speaker and a transferred call as three. One label per frame: overlapped speech
 * goes to one voice (hence the interruption rule is `na` on mono calls). Settings chosen by bench:diarization.
 */

export interface SpeakerTurn {
  startMs: number
  endMs: number
  /** 0, 1, … in order of first appearance. */
  speaker: number
}

export interface Diarization {
  turns: SpeakerTurn[]
  speakers: number
  /** Speech per speaker, ms. */
  speechMs: number[]
  /** How alike the two groups of the best two-way split sound (mean cosine of their prints): high → one voice. */
  twoWaySimilarity: number
}

export interface DiarizeOptions {
  /** Window of one voice print, and the step between windows. */
  windowMs: number
  hopMs: number
  /** One voice when the best two-way split's groups are at least this alike (mean cosine of their prints). */
  mergeSimilarity: number
  /** A speaker with less speech than this is folded into the nearest other (a cough, a click, a breath). */
  minSpeakerMs: number
  /**
   * …or with less than this share of the call's speech windows: one voice whose odd moments (a laugh, a raised
   * voice, a line burst) cluster apart is still one voice.
   */
  minSpeakerShare: number
  /**
   * The share of the windows a cluster needs to count as a speaker when the cuts of the clustering tree are compared.
   * Lower than `minSpeakerShare`: a voice's odd moments then form their own small cluster (folded back afterwards)
   * instead of the main voice being cut in two. Both measured by bench:diarization (fold/count shares): 0.04/0.04
   * found 3 voices on one real English call, 28/29 synthetic Mandarin calls right, DER 10.0% / 5.9%, a single
   * channel's voice 0/4 times as one (DER 5.5%); 0.09/0.09 2 voices on both English calls, 29/29, 9.4% / 5.6%, but
   * 0/4 single voices (DER 19.9%: the main voice cut in two); 0.10/0.04: 2/2, 29/29, 9.4% / 5.6%, and 3/4 single
   * voices as one (DER 0.6%). 0.03 or 0.05 for the count share did worse. The quietest real party measured has 12%
   * of its call's windows; a transfer's third voice of 11 s in 87 s is still found. AMI unchanged throughout.
   */
  cutSpeakerShare: number
  /** Shorter runs of one speaker inside a speech region are given to their neighbours. */
  minTurnMs: number
  /** Each print dimension to zero mean and unit variance over the call's windows before comparing. */
  standardise: boolean
  /**
   * Silhouette a cut must gain per voice beyond two to be chosen: most calls have two parties, and the silhouettes of
   * a two-party call's cuts are close (a cut into 6 scored 0.294 against 0.285 for 2 on a synthetic call).
   */
  extraSpeakerCost: number
}

export const DIARIZE_DEFAULTS: DiarizeOptions = {
  windowMs: 1500,
  hopMs: 750,
  mergeSimilarity: 0.75,
  minSpeakerMs: 2500,
  minSpeakerShare: 0.1,
  cutSpeakerShare: 0.04,
  minTurnMs: 300,
  standardise: false,
  extraSpeakerCost: 0.04,
}

/** Frames quieter than the loudest speech by more than this are line noise inside a VAD span: not modelled. */
const QUIET_DB = 45

/** A window to take a voice print of, and the part of it whose frames it labels (windows overlap). */
export interface PrintWindow {
  startMs: number
  endMs: number
  coreStartMs: number
  coreEndMs: number
}

/** Windows over the speech spans: `windowMs` long every `hopMs`; a span shorter than a window is one window. */
export function printWindows(spans: readonly Span[], options: Partial<DiarizeOptions> = {}): PrintWindow[] {
  const o = { ...DIARIZE_DEFAULTS, ...options }
  const windows: PrintWindow[] = []
  for (const span of spans) {
    const length = span.endMs - span.startMs
    const starts: number[] = []
    if (length <= o.windowMs) starts.push(0)
    else {
      for (let s = 0; s + o.windowMs <= length; s += o.hopMs) starts.push(s)
      if (starts.at(-1)! + o.windowMs < length) starts.push(length - o.windowMs)
    }
    starts.forEach((s, j) => {
      const end = Math.min(length, s + o.windowMs)
      const coreFrom = j === 0 ? 0 : Math.round((s + starts[j - 1]! + o.windowMs) / 2)
      const coreTo = j === starts.length - 1 ? length : Math.round((starts[j + 1]! + s + o.windowMs) / 2)
      windows.push({ startMs: span.startMs + s, endMs: span.startMs + end, coreStartMs: span.startMs + coreFrom, coreEndMs: span.startMs + coreTo })
    })
  }
  return windows
}

/**
 * The classic voice print, with no model: the mean and spread of each cepstral coefficient over the window's audible
 * frames. Measured against the neural prints in bench:diarization.
 */
export function cepstralPrints(samples: Float32Array, rate: number, windows: readonly PrintWindow[]): Float64Array[] {
  return windows.map((w) => {
    const f = cepstra(samples, rate, Math.floor(w.startMs / FRAME_MS), Math.floor(w.endMs / FRAME_MS))
    const loudest = f.energyDb.reduce((m, e) => Math.max(m, e), -Infinity)
    const rows = range(0, f.count).filter((i) => f.energyDb[i]! >= loudest - QUIET_DB)
    return voicePrint(f.cepstra, rows)
  })
}

/** Speakers of one channel from its speech spans and a voice print per window of `printWindows(spans, options)`. */
export function diarize(
  spans: readonly Span[],
  windows: readonly PrintWindow[],
  prints: readonly Float64Array[],
  options: Partial<DiarizeOptions> = {},
): Diarization {
  const o = { ...DIARIZE_DEFAULTS, ...options }
  const regions = spans.map((s) => ({ from: Math.floor(s.startMs / FRAME_MS), to: Math.max(Math.floor(s.startMs / FRAME_MS) + 1, Math.floor(s.endMs / FRAME_MS)) }))
  const total = regions.reduce((sum, r) => sum + r.to - r.from, 0)
  if (total === 0 || windows.length === 0) return { turns: [], speakers: 0, speechMs: [], twoWaySimilarity: 1 }

  const vectors = prints.map((p) => Float64Array.from(p))
  if (o.standardise) standardise(vectors)
  const minWindows = Math.max(Math.ceil(o.minSpeakerMs / o.hopMs), Math.ceil(o.minSpeakerShare * windows.length))
  const cutWindows = Math.max(Math.ceil(o.minSpeakerMs / o.hopMs), Math.ceil(o.cutSpeakerShare * windows.length))
  const clustered = clusterWindows(vectors, o.mergeSimilarity, cutWindows, o.extraSpeakerCost)
  const labels = foldSmall(clustered.labels, vectors, minWindows)

  // Each frame takes the label of the window whose core holds it.
  const offsets: number[] = []
  let row = 0
  for (const r of regions) {
    offsets.push(row)
    row += r.to - r.from
  }
  const rowOf = (ms: number): number | undefined => {
    const frame = Math.floor(ms / FRAME_MS)
    const i = regions.findIndex((r) => frame >= r.from && frame < r.to)
    return i < 0 ? undefined : offsets[i]! + frame - regions[i]!.from
  }
  const frameLabels = new Int32Array(total).fill(labels[0] ?? 0)
  windows.forEach((w, i) => {
    const first = rowOf(w.coreStartMs)
    if (first === undefined) return
    const count = Math.floor(w.coreEndMs / FRAME_MS) - Math.floor(w.coreStartMs / FRAME_MS)
    frameLabels.fill(labels[i]!, first, Math.min(total, first + count))
  })
  return { ...toTurns(frameLabels, regions, offsets, o), twoWaySimilarity: clustered.twoWaySimilarity }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)
}

/** Mean and standard deviation of each cepstral coefficient over the window's voiced frames. */
function voicePrint(data: Float32Array, rows: readonly number[]): Float64Array {
  const print = new Float64Array(CEPSTRA * 2)
  if (rows.length === 0) return print
  for (const r of rows) for (let d = 0; d < CEPSTRA; d++) print[d]! += data[r * CEPSTRA + d]! / rows.length
  for (const r of rows) for (let d = 0; d < CEPSTRA; d++) print[CEPSTRA + d]! += (data[r * CEPSTRA + d]! - print[d]!) ** 2 / rows.length
  for (let d = 0; d < CEPSTRA; d++) print[CEPSTRA + d] = Math.sqrt(print[CEPSTRA + d]!)
  return print
}

/** Each dimension to zero mean and unit variance over the call's windows, so cosine compares shapes, not offsets. */
function standardise(prints: Float64Array[]): void {
  if (prints.length < 2) return
  const dims = prints[0]!.length
  for (let d = 0; d < dims; d++) {
    let mean = 0
    for (const p of prints) mean += p[d]! / prints.length
    let variance = 0
    for (const p of prints) variance += (p[d]! - mean) ** 2 / prints.length
    const sd = Math.sqrt(variance) || 1
    for (const p of prints) p[d] = (p[d]! - mean) / sd
  }
}

function cosine(a: Float64Array, b: Float64Array): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!
    na += a[i]! * a[i]!
    nb += b[i]! * b[i]!
  }
  return dot / (Math.sqrt(na * nb) || 1)
}

/**
 * Average-linkage agglomerative clustering on cosine similarity, recording every merge; the number of speakers is
 * then the cut of the tree whose clusters are best separated (mean silhouette), from 2 up to `maxSpeakers`, or one
 * speaker when even the best two-way cut leaves groups that sound alike (`mergeSimilarity`).
 */
export function clusterWindows(
  prints: readonly Float64Array[],
  threshold: number,
  minWindows = 1,
  extraSpeakerCost = 0,
  maxSpeakers = 6,
): { labels: number[]; twoWaySimilarity: number } {
  const n = prints.length
  if (n < 2) return { labels: new Array<number>(n).fill(0), twoWaySimilarity: 1 }
  const base = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) base[i * n + j] = base[j * n + i] = cosine(prints[i]!, prints[j]!)
  const sim = Float64Array.from(base)
  const size = new Array<number>(n).fill(1)
  const alive = new Array<boolean>(n).fill(true)
  const owner = Array.from({ length: n }, (_, i) => i)
  const cuts = new Map<number, number[]>()
  for (let groups = n; groups > 1; groups--) {
    // A cut is known by its clusters big enough to be a speaker; the rest (a cough, a click) are folded in later.
    const big = bigClusters(owner, minWindows)
    if (big.size <= maxSpeakers) cuts.set(big.size, [...owner])
    let best = -Infinity
    let a = -1
    let b = -1
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue
      for (let j = i + 1; j < n; j++) {
        if (alive[j] && sim[i * n + j]! > best) {
          best = sim[i * n + j]!
          a = i
          b = j
        }
      }
    }
    // Average linkage: the merged group's similarity to k is the size-weighted mean of its parts'.
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === a || k === b) continue
      const merged = (sim[a * n + k]! * size[a]! + sim[b * n + k]! * size[b]!) / (size[a]! + size[b]!)
      sim[a * n + k] = sim[k * n + a] = merged
    }
    size[a]! += size[b]!
    alive[b] = false
    for (let k = 0; k < n; k++) if (owner[k] === b) owner[k] = a
  }
  let chosen = new Array<number>(n).fill(0)
  let bestScore = -Infinity
  for (const [groups, labels] of cuts) {
    if (groups < 2) continue
    const score = silhouette(base, n, labels, bigClusters(labels, minWindows)) - extraSpeakerCost * (groups - 2)
    if (score > bestScore) {
      bestScore = score
      chosen = labels
    }
  }
  const two = cuts.get(2)
  const twoWaySimilarity = two ? linkage(base, n, two, bigClusters(two, minWindows)) : 1
  if (twoWaySimilarity >= threshold) return { labels: new Array<number>(n).fill(0), twoWaySimilarity }
  return { labels: relabel(chosen), twoWaySimilarity }
}

function bigClusters(labels: readonly number[], minWindows: number): Set<number> {
  const counts = new Map<number, number>()
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1)
  return new Set([...counts].filter(([, c]) => c >= minWindows).map(([l]) => l))
}

/** Mean similarity between the two big groups of a two-way cut. */
function linkage(sim: Float64Array, n: number, labels: readonly number[], big: Set<number>): number {
  let sum = 0
  let count = 0
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (labels[i] !== labels[j] && big.has(labels[i]!) && big.has(labels[j]!)) {
    sum += sim[i * n + j]!
    count++
  }
  return count > 0 ? sum / count : 1
}

/** Mean silhouette of a labelling over the windows of its big clusters, with 1 − cosine as the distance. */
function silhouette(sim: Float64Array, n: number, labels: readonly number[], big: Set<number>): number {
  const groups = [...big]
  let total = 0
  let counted = 0
  for (let i = 0; i < n; i++) {
    if (!big.has(labels[i]!)) continue
    counted++
    const mean = new Map<number, { sum: number; count: number }>(groups.map((g) => [g, { sum: 0, count: 0 }]))
    for (let j = 0; j < n; j++) {
      if (j === i || !big.has(labels[j]!)) continue
      const m = mean.get(labels[j]!)!
      m.sum += 1 - sim[i * n + j]!
      m.count++
    }
    const own = mean.get(labels[i]!)!
    if (own.count === 0) continue
    const a = own.sum / own.count
    let b = Infinity
    for (const [g, m] of mean) if (g !== labels[i] && m.count > 0) b = Math.min(b, m.sum / m.count)
    total += (b - a) / Math.max(a, b)
  }
  return counted > 0 ? total / counted : -1
}

/** Labels renumbered 0, 1, … in order of first appearance. */
function relabel(labels: readonly number[]): number[] {
  const seen = new Map<number, number>()
  return labels.map((l) => {
    if (!seen.has(l)) seen.set(l, seen.size)
    return seen.get(l)!
  })
}

/** Speakers with fewer windows than `minWindows` join the speaker whose mean voice print is closest. */
function foldSmall(labels: number[], prints: readonly Float64Array[], minWindows: number): number[] {
  const count = (l: number) => labels.filter((x) => x === l).length
  for (;;) {
    const speakers = [...new Set(labels)]
    if (speakers.length < 2) return relabel(labels)
    const small = speakers.filter((s) => count(s) < minWindows).sort((a, b) => count(a) - count(b))[0]
    if (small === undefined) return relabel(labels)
    const centre = (s: number) => {
      const members = prints.filter((_, i) => labels[i] === s)
      const c = new Float64Array(prints[0]!.length)
      for (const p of members) for (let d = 0; d < c.length; d++) c[d]! += p[d]! / members.length
      return c
    }
    const mine = centre(small)
    const target = speakers.filter((s) => s !== small).reduce((best, s) => (cosine(mine, centre(s)) > cosine(mine, centre(best)) ? s : best))
    labels = labels.map((l) => (l === small ? target : l))
  }
}

function toTurns(labels: Int32Array, regions: ReadonlyArray<{ from: number; to: number }>, offsets: readonly number[], o: DiarizeOptions): Omit<Diarization, 'twoWaySimilarity'> {
  const minRun = Math.round(o.minTurnMs / FRAME_MS)
  const turns: SpeakerTurn[] = []
  regions.forEach((r, i) => {
    const base = offsets[i]!
    const length = r.to - r.from
    let runs: Array<{ from: number; to: number; speaker: number }> = []
    for (let f = 0; f < length; f++) {
      const speaker = labels[base + f]!
      const last = runs.at(-1)
      if (last && last.speaker === speaker) last.to = f + 1
      else runs.push({ from: f, to: f + 1, speaker })
    }
    // Too-short runs go to the longer neighbour, shortest first, until none is left (or the region is one run).
    for (;;) {
      if (runs.length < 2) break
      const shortest = runs.reduce((m, x, j) => (x.to - x.from < runs[m]!.to - runs[m]!.from ? j : m), 0)
      const run = runs[shortest]!
      if (run.to - run.from >= minRun) break
      const before = runs[shortest - 1]
      const after = runs[shortest + 1]
      const into = !after || (before && before.to - before.from >= after.to - after.from) ? before! : after
      into.from = Math.min(into.from, run.from)
      into.to = Math.max(into.to, run.to)
      runs.splice(shortest, 1)
      runs = runs.reduce<typeof runs>((merged, x) => {
        const last = merged.at(-1)
        if (last && last.speaker === x.speaker) last.to = x.to
        else merged.push({ ...x })
        return merged
      }, [])
    }
    for (const run of runs) turns.push({ startMs: (r.from + run.from) * FRAME_MS, endMs: (r.from + run.to) * FRAME_MS, speaker: run.speaker })
  })
  // Speakers renumbered by first appearance.
  const order = relabel(turns.map((t) => t.speaker))
  const speakers = new Set(order).size
  const speechMs = new Array<number>(speakers).fill(0)
  turns.forEach((t, i) => {
    t.speaker = order[i]!
    speechMs[t.speaker]! += t.endMs - t.startMs
  })
  return { turns, speakers, speechMs }
}
