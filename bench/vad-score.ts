import { readFileSync } from 'node:fs'
import type { SpeechSpan } from '../models/vad/silero.js'

/* VAD judged against RTTM speaker turns (AMI, ../shared/corpora/overlap-ami), frame by frame: for bench:asr and tests. */

export interface RttmTurn {
  startMs: number
  endMs: number
  speaker: string
}

export function readRttm(path: string, uri: string): RttmTurn[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[0] === 'SPEAKER' && f[1] === uri)
    .map((f) => ({ startMs: Number(f[3]) * 1000, endMs: (Number(f[3]) + Number(f[4])) * 1000, speaker: f[7]! }))
}

/** Precision and recall of VAD speech over 10 ms frames (speech = any speaker talking), and how much overlap it covers. */
export function frameScore(truth: readonly RttmTurn[], found: readonly SpeechSpan[], frames: number) {
  const talkers = new Uint8Array(frames)
  for (const t of truth) for (let f = Math.floor(t.startMs / 10); f < Math.min(frames, Math.ceil(t.endMs / 10)); f++) talkers[f]! += 1
  const detected = new Uint8Array(frames)
  for (const s of found) detected.fill(1, Math.floor(s.startMs / 10), Math.min(frames, Math.ceil(s.endMs / 10)))
  let tp = 0
  let fp = 0
  let fn = 0
  let overlap = 0
  let overlapHit = 0
  for (let f = 0; f < frames; f++) {
    const speech = talkers[f]! > 0
    if (speech && detected[f]) tp++
    else if (detected[f]) fp++
    else if (speech) fn++
    if (talkers[f]! > 1) {
      overlap++
      if (detected[f]) overlapHit++
    }
  }
  return { precision: tp / (tp + fp || 1), recall: tp / (tp + fn || 1), overlapSeconds: overlap / 100, overlapCovered: overlapHit / (overlap || 1) }
}

