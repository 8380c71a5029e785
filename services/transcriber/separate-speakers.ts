import { diarize, printWindows, type Diarization } from '../../pipelines/diarization/diarize.js'
import type { RoleCues } from '../../pipelines/diarization/roles.js'
import type { Span } from '../../pipelines/transcription/windows.js'
import type { VoicePrinter } from '../../models/speakers/voice-prints.js'
import { DECODE_RATE } from '../lib/audio/ffmpeg.js'

/*
 * The speaker-separation step of a mono or mixed recording, called by the transcription path for a channel that
 * holds both sides: voice prints of windows over the speech (the speaker encoder), then clustering into voices
 * (pipelines/diarization). What to do with the voices — roles, utterances — is decided by the caller.
 */

export interface SpeakerSeparation {
  printer: VoicePrinter
  /** What the ruleset says an agent says, to tell the agent's voice from the customer's. */
  cues: RoleCues
}

/** Shorter mono calls are refused: too little speech to tell two voices apart, or to score anything. */
export const MIN_MONO_SECONDS = 5

export async function separateSpeakers(separation: SpeakerSeparation, samples: Float32Array, spans: readonly Span[]): Promise<Diarization> {
  const windows = printWindows(spans)
  const toSample = (ms: number) => Math.round((ms * DECODE_RATE) / 1000)
  const prints = await separation.printer.prints(samples, windows.map((w) => ({ from: toSample(w.startMs), to: toSample(w.endMs) })))
  return diarize(spans, windows, prints)
}
