import { z } from 'zod'
import { callFields, Speaker } from './call.js'

/*
 * Transcript: the Call's fields plus what was said, per speaker, in ms from answer.
 * Public contract (../shared/DESIGN.md): what `callqa score` reads and the payload of callqa.calls.transcribed.v1.
 * Evolution: add optional fields only. `audio` (v1 extension) carries per-channel loudness for the volume rule.
 */

const ms = z.number().int().min(0)

export const Word = z.object({ text: z.string(), startMs: ms, endMs: ms })

/** Timing consistency (endMs ≥ startMs, no self-overlap) is checked by Transcript, in one pass over all of them. */
export const Utterance = z.object({
  speaker: Speaker,
  startMs: ms,
  endMs: ms,
  text: z.string().max(100_000),
  words: z.array(Word).optional(),
})
export type Utterance = z.infer<typeof Utterance>

export const ChannelLoudness = z.object({
  /** Loudest short-term level of the channel's speech, dBFS (≤ 0). */
  maxDbfs: z.number().max(0),
})

export const Transcript = z
  .object({
    ...callFields,
    utterances: z.array(Utterance),
    asr: z.object({ engine: z.string(), model: z.string() }).optional(),
    audio: z.object({ agent: ChannelLoudness.optional(), customer: ChannelLoudness.optional() }).optional(),
  })
  .superRefine((t, ctx) => {
    // A superRefine here, not a refine per utterance: that would cost zod its compiled fast path on every utterance.
    for (const p of timingProblems(t.utterances)) ctx.addIssue({ code: 'custom', path: ['utterances', p.index, p.field], message: p.message })
  })
export type Transcript = z.infer<typeof Transcript>

export interface TimingProblem {
  index: number
  field: 'startMs' | 'endMs'
  message: string
}

/**
 * An utterance must not end before it starts, and one speaker cannot say two things at once: either means broken
 * timestamps, which every timing rule would silently mis-measure. One pass over the utterances in time order.
 */
export function timingProblems(utterances: ReadonlyArray<Pick<Utterance, 'speaker' | 'startMs' | 'endMs'>>): TimingProblem[] {
  const problems: TimingProblem[] = []
  const lastBySpeaker = new Map<string, { index: number; endMs: number }>()
  const inOrder = utterances.every((u, i) => i === 0 || u.startMs >= utterances[i - 1]!.startMs)
  const order = utterances.map((u, index) => ({ u, index }))
  if (!inOrder) order.sort((a, b) => a.u.startMs - b.u.startMs)
  for (const { u, index } of order) {
    if (u.endMs < u.startMs) {
      problems.push({ index, field: 'endMs', message: 'endMs must not be before startMs' })
      continue
    }
    const last = lastBySpeaker.get(u.speaker)
    if (last && u.startMs < last.endMs) {
      problems.push({
        index,
        field: 'startMs',
        message: `${u.speaker} utterance at ${u.startMs}–${u.endMs} ms overlaps utterances[${last.index}] of the same speaker (ends ${last.endMs} ms)`,
      })
    }
    if (!last || u.endMs > last.endMs) lastBySpeaker.set(u.speaker, { index, endMs: u.endMs })
  }
  return problems
}
