import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { z } from 'zod'
import { blankAsUnset, parseEnv } from './env.js'

export interface SpeechConfig {
  /** A CTranslate2 (faster-whisper) model directory; absent → the pinned Whisper base, fetched on first use. */
  modelDir?: string
  /** Whisper language code; callqa is for Mandarin hotlines, other languages are for testing and benchmarks. */
  language: string
  threads: number
  beamSize: number
  /** Windows the recogniser decodes together. */
  batchSize: number
  /** How speech is laid into Whisper's windows (transcribe-recording.ts). */
  windows: 'timeline' | 'speech'
  maxAudioSeconds: number
}

const Env = z.object({
  CALLQA_ASR_MODEL_DIR: blankAsUnset(z.string().optional()),
  CALLQA_ASR_LANGUAGE: blankAsUnset(z.string().regex(/^[a-z]{2,3}$/, { error: 'a language code such as zh or en' }).default('zh')),
  CALLQA_ASR_THREADS: blankAsUnset(z.coerce.number().int().min(1).max(256).optional()),
  CALLQA_ASR_BEAM: blankAsUnset(z.coerce.number().int().min(1).max(10).default(5)),
  // Speech-only windows decoded 8 at a time: the cheapest settings that keep the verdicts of the synthetic telephone
  // calls and every voice of a mono recording (bench:verdicts, transcribe tests), once speech Whisper skips is heard
  // again (pipelines/transcription/coverage.ts) and no span is cut across windows.
  CALLQA_ASR_BATCH: blankAsUnset(z.coerce.number().int().min(1).max(64).default(8)),
  CALLQA_ASR_WINDOWS: blankAsUnset(z.enum(['timeline', 'speech']).default('speech')),
  CALLQA_MAX_AUDIO_SECONDS: blankAsUnset(z.coerce.number().positive().default(7200)),
})

export function loadSpeechConfig(env: NodeJS.ProcessEnv = process.env): SpeechConfig {
  const e = parseEnv(Env, env, 'speech')
  return {
    modelDir: e.CALLQA_ASR_MODEL_DIR && resolve(e.CALLQA_ASR_MODEL_DIR),
    language: e.CALLQA_ASR_LANGUAGE,
    threads: e.CALLQA_ASR_THREADS ?? availableParallelism(),
    beamSize: e.CALLQA_ASR_BEAM,
    batchSize: e.CALLQA_ASR_BATCH,
    windows: e.CALLQA_ASR_WINDOWS,
    maxAudioSeconds: e.CALLQA_MAX_AUDIO_SECONDS,
  }
}
