import { z } from 'zod'
import { callFields, Speaker } from './call.js'

/*
 * Transcript: the Call's fields plus what was said, per speaker, in ms from answer.
 * Public contract (../shared/DESIGN.md): what `callqa score` reads and the payload of callqa.calls.transcribed.v1.
 * Evolution: add optional fields only. `audio` (v1 extension) carries per-channel loudness for the volume rule.
 * `roles` and `voice` (v1 extensions): on a mono or mixed recording, who was found to be the agent and how sure that
 * is, and which separated voice said each utterance.
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
  /** The separated voice (0, 1, …) of a mono recording that said it; absent on stereo. */
  voice: z.number().int().min(0).max(99).optional(),
})
export type Utterance = z.infer<typeof Utterance>

export const ChannelLoudness = z.object({
  /** Loudest short-term level of the channel's speech, dBFS (≤ 0). */
  maxDbfs: z.number().max(0),
})

/**
 * How agent and customer were told apart. `inferred`: from one channel, by speaker separation and what each voice
 * says; `inspector`: an inspector set them (a swap). `review` asks for a human: low confidence, one voice, or three
 * or more. Absent: the recording's channels said who is who.
 */
export const SpeakerRoles = z.object({
  method: z.enum(['inferred', 'inspector']),
  confidence: z.number().min(0).max(1),
  /** Voices found on the channel (that said something). */
  speakers: z.number().int().min(0),
  review: z.boolean(),
  reasons: z.array(z.string().max(2000)).max(20),
})
export type SpeakerRoles = z.infer<typeof SpeakerRoles>

export const Transcript = z
  .object({
    ...callFields,
    utterances: z.array(Utterance),
    asr: z.object({ engine: z.string(), model: z.string() }).optional(),
    audio: z.object({ agent: ChannelLoudness.optional(), customer: ChannelLoudness.optional() }).optional(),
    roles: SpeakerRoles.optional(),
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
