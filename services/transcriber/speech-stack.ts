import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Ruleset } from '../../pipelines/contracts/ruleset.js'
import { compileRoleCues } from '../../pipelines/diarization/roles.js'
import { openFasterWhisper, type FasterWhisperOptions } from '../../models/asr/faster-whisper.js'
import { ensureAsrRuntime, ensureSileroVad, ensureVoiceEncoder, ensureWhisperBase, type Say } from '../../models/fetch.js'
import { lazyVoicePrinter, openVoicePrinter } from '../../models/speakers/voice-prints.js'
import { openSileroVad } from '../../models/vad/silero.js'
import type { SpeechConfig } from '../lib/config/speech.js'
import { UserError } from '../lib/errors.js'
import { loadRuleset } from '../lib/rulesets/load.js'
import type { SpeechStack } from './transcribe-recording.js'

/**
 * VAD, recogniser and speaker separation, ready to use; models missing from the cache are fetched first (and said so
 * on `say`). The ruleset's phrases tell the agent's voice on mono recordings (default: the house ruleset); the
 * speaker encoder starts with the first mono recording, so a stereo-only centre never runs it.
 */
export async function openSpeechStack(
  config: SpeechConfig,
  say: Say,
  ruleset: Ruleset = loadRuleset(),
  hints: Pick<FasterWhisperOptions, 'hotwords' | 'initialPrompt'> = {},
): Promise<SpeechStack & { close(): Promise<void> }> {
  if (config.modelDir && !existsSync(join(config.modelDir, 'model.bin'))) {
    throw new UserError(`CALLQA_ASR_MODEL_DIR=${config.modelDir} is not a CTranslate2 (faster-whisper) model directory: it has no model.bin`)
  }
  const [python, modelDir, vadPath] = [
    await ensureAsrRuntime(say),
    config.modelDir ?? (await ensureWhisperBase(say)),
    await ensureSileroVad(say),
  ]
  const asr = await openFasterWhisper({ python, modelDir, threads: config.threads, beamSize: config.beamSize, batchSize: config.batchSize, language: config.language, ...hints })
  const printer = lazyVoicePrinter(async () => openVoicePrinter({ python, weights: await ensureVoiceEncoder(say) }))
  return {
    vad: openSileroVad({ modelPath: vadPath }),
    asr,
    limits: { maxSeconds: config.maxAudioSeconds },
    windows: config.windows,
    speakers: { cues: compileRoleCues(ruleset), printer },
    close: async () => {
      await asr.close()
      await printer.close()
    },
  }
}
