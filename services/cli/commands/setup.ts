import { ensureAsrRuntime, ensureSileroVad, ensureVoiceEncoder, ensureWhisperBase } from '../../../models/fetch.js'
import { ensureFfmpeg } from '../../lib/audio/install.js'
import { EXIT, type CliIo } from '../io.js'

/** Installs what transcription needs (ffmpeg, the ASR runtime, the model weights); does nothing when all is there. */
export async function setupCommand(io: CliIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`callqa setup: ${line}\n`)
  await ensureFfmpeg(say)
  const python = await ensureAsrRuntime(say)
  const model = await ensureWhisperBase(say)
  const vad = await ensureSileroVad(say)
  const speakers = await ensureVoiceEncoder(say)
  io.stdout.write(`${io.messages.setupDone}\n  ffmpeg: ok\n  ASR runtime: ${python}\n  ASR model: ${model}\n  VAD model: ${vad}\n  speaker model: ${speakers}\n`)
  return EXIT.ok
}
