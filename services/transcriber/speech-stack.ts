import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { openFasterWhisper } from '../../models/asr/faster-whisper.js'
import { ensureAsrRuntime, ensureSileroVad, ensureWhisperBase, type Say } from '../../models/fetch.js'
import { openSileroVad } from '../../models/vad/silero.js'
import type { SpeechConfig } from '../lib/config/speech.js'
import { UserError } from '../lib/errors.js'
import type { SpeechStack } from './transcribe-recording.js'

/** VAD and recogniser, ready to use; models missing from the cache are fetched first (and said so on `say`). */
export async function openSpeechStack(
  config: SpeechConfig,
  say: Say,
  hints: { hotwords?: string; initialPrompt?: string } = {},
): Promise<SpeechStack & { close(): Promise<void> }> {
  if (config.modelDir && !existsSync(join(config.modelDir, 'model.bin'))) {
    throw new UserError(`CALLQA_ASR_MODEL_DIR=${config.modelDir} is not a CTranslate2 (faster-whisper) model directory: it has no model.bin`)
  }
  const [python, modelDir, vadPath] = [
    await ensureAsrRuntime(say),
    config.modelDir ?? (await ensureWhisperBase(say)),
    await ensureSileroVad(say),
  ]
  const asr = await openFasterWhisper({ python, modelDir, threads: config.threads, beamSize: config.beamSize, language: config.language, ...hints })
  return {
    vad: openSileroVad({ modelPath: vadPath }),
    asr,
    limits: { maxSeconds: config.maxAudioSeconds },
    close: () => asr.close(),
  }
}
