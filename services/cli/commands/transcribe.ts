import type { Transcript } from '../../../pipelines/contracts/transcript.js'
import { ensureFfmpeg } from '../../lib/audio/install.js'
import { loadSpeechConfig } from '../../lib/config/speech.js'
import { loadRuleset } from '../../lib/rulesets/load.js'
import { openSpeechStack } from '../../transcriber/speech-stack.js'
import { transcribeRecording } from '../../transcriber/transcribe-recording.js'
import { readCallsFile } from '../calls-file.js'
import { EXIT, type CliIo } from '../io.js'
import { BufferedWriter } from '../output.js'
import { ProgressBar } from '../progress.js'

export interface TranscribeOptions {
  files: string[]
  /** A Call JSON (or a calls file) giving the CDR and channel map of the recordings. */
  call?: string
  format: 'json' | 'ndjson'
  /** The ruleset whose phrases tell the agent's voice on mono recordings (default: the house ruleset). */
  ruleset?: string
}

export async function transcribeCommand(opts: TranscribeOptions, io: CliIo): Promise<number> {
  const calls = opts.call === undefined ? undefined : readCallsFile(opts.call)
  const ruleset = loadRuleset(opts.ruleset)
  const say = (line: string) => io.stderr.write(`callqa: ${line}\n`)
  await ensureFfmpeg(say)
  const stack = await openSpeechStack(loadSpeechConfig(io.env), say, ruleset)
  const out = new BufferedWriter(io.stdout)
  const progress = new ProgressBar(io, opts.files.length, io.messages.transcribing)
  let failed = 0
  let printed = 0
  try {
    if (opts.format === 'json') await out.write('[')
    for (const [i, file] of opts.files.entries()) {
      progress.update(i)
      const outcome = await transcribeRecording(stack, file, calls?.forRecording(file))
      if (!outcome.ok) {
        failed++
        progress.finish()
        io.stderr.write(`callqa: ${io.messages.failedFile} ${file}: ${outcome.reason}\n`)
        continue
      }
      await out.write(render(outcome.transcript, opts.format, printed++))
    }
    if (opts.format === 'json') await out.write(printed > 0 ? '\n]\n' : ']\n')
    await out.flush()
  } finally {
    progress.finish()
    await stack.close()
  }
  return failed > 0 ? EXIT.someRejected : EXIT.ok
}

function render(transcript: Transcript, format: TranscribeOptions['format'], index: number): string {
  if (format === 'ndjson') return `${JSON.stringify(transcript)}\n`
  return `${index > 0 ? ',' : ''}\n${JSON.stringify(transcript, null, 2)}`
}
