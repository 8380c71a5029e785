import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { z } from 'zod'
import { blankAsUnset, parseEnv } from './env.js'

export interface SpeechConfig {
  /** A CTranslate2 (faster-whisper) model directory; absent → the pinned Whisper base, fetched on first use. */
  modelDir?: string
  threads: number
  beamSize: number
  maxAudioSeconds: number
}

const Env = z.object({
  CALLQA_ASR_MODEL_DIR: blankAsUnset(z.string().optional()),
  CALLQA_ASR_THREADS: blankAsUnset(z.coerce.number().int().min(1).max(256).optional()),
  CALLQA_ASR_BEAM: blankAsUnset(z.coerce.number().int().min(1).max(10).default(5)),
  CALLQA_MAX_AUDIO_SECONDS: blankAsUnset(z.coerce.number().positive().default(7200)),
})

export function loadSpeechConfig(env: NodeJS.ProcessEnv = process.env): SpeechConfig {
  const e = parseEnv(Env, env, 'speech')
  return {
    modelDir: e.CALLQA_ASR_MODEL_DIR && resolve(e.CALLQA_ASR_MODEL_DIR),
    threads: e.CALLQA_ASR_THREADS ?? availableParallelism(),
    beamSize: e.CALLQA_ASR_BEAM,
    maxAudioSeconds: e.CALLQA_MAX_AUDIO_SECONDS,
  }
}
