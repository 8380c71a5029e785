import { readdir } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Call } from '../../../pipelines/contracts/call.js'
import { compileRuleset, scoreTranscript } from '../../../pipelines/scoring/score.js'
import { AUDIO_EXTENSIONS, callIdOf } from '../../lib/audio/formats.js'
import { ensureFfmpeg } from '../../lib/audio/install.js'
import type { CallStatus, Store } from '../../lib/clickhouse/store.js'
import { loadSpeechConfig } from '../../lib/config/speech.js'
import { loadStoreConfig } from '../../lib/config/store.js'
import { UserError } from '../../lib/errors.js'
import { loadRuleset } from '../../lib/rulesets/load.js'
import { openSpeechStack } from '../../transcriber/speech-stack.js'
import { transcribeRecording, type SpeechStack } from '../../transcriber/transcribe-recording.js'
import { readCallsFile, type CallIndex } from '../calls-file.js'
import { EXIT, type CliIo } from '../io.js'
import { clock, ProgressBar } from '../progress.js'

/*
 * The local mode: a folder of recordings in, scorecards in the store out, in one process. Each call is stored as soon
 * as it is done, with its status, so an interrupted run loses at most the calls in hand and a second run picks up
 * where the first stopped (failed calls are tried again).
 */

/** Two calls in flight: one being decoded and searched for speech while the recogniser works on the other. */
const IN_FLIGHT = 2

export interface RunOptions {
  dir: string
  calls?: string
  ruleset?: string
}

export async function runCommand(opts: RunOptions, io: CliIo): Promise<number> {
  const files = await listRecordings(opts.dir)
  const calls = opts.calls === undefined ? undefined : readCallsFile(opts.calls)
  const scorer = compileRuleset(loadRuleset(opts.ruleset))
  const say = (line: string) => io.stderr.write(`callqa: ${line}\n`)
  await ensureFfmpeg(say)
  const store = await (await import('../../lib/clickhouse/store.js')).openStore(loadStoreConfig(io.env))
  try {
    if (calls) {
      // The whole feed, unanswered calls included: the answer rate needs the calls no recording exists for.
      await store.saveCdrs(calls.all)
      const orphans = files.filter((f) => calls.forRecording(f) === undefined)
      if (orphans.length > 0) say(io.messages.noCdr(orphans.length, orphans.slice(0, 5).join(', ')))
    }
    const todo = await pending(store, files, calls)
    const skipped = files.length - todo.length
    if (skipped > 0) say(io.messages.skippedDone(skipped))
    if (todo.length === 0) {
      io.stderr.write(`${io.messages.runSummary({ done: 0, failed: 0, skipped, audioSeconds: 0, elapsedSeconds: 0, avgScore: '-' })}\n`)
      return EXIT.ok
    }
    const stack = await openSpeechStack(loadSpeechConfig(io.env), say)
    try {
      return await transcribeAll(todo, skipped, { stack, store, scorer }, io)
    } finally {
      await stack.close()
    }
  } finally {
    await store.close()
  }
}

async function listRecordings(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  } catch (err) {
    throw new UserError(`${dir}: cannot read the recordings folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  return entries
    .filter((e) => e.isFile() && AUDIO_EXTENSIONS.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

interface Item {
  file: string
  /** The recording's CDR from --calls, when there is one. */
  call: Call | undefined
  callId: string
}

async function pending(store: Store, files: readonly string[], calls: CallIndex | undefined): Promise<Item[]> {
  const items = files.map((file) => {
    const call = calls?.forRecording(file)
    return { file, call, callId: call?.callId ?? callIdOf(file) }
  })
  const status = await store.callStatuses('transcribe', items.map((i) => i.callId))
  return items.filter((i) => status.get(i.callId)?.status !== 'done')
}

interface RunParts {
  stack: SpeechStack
  store: Store
  scorer: ReturnType<typeof compileRuleset>
}

async function transcribeAll(todo: readonly Item[], skipped: number, parts: RunParts, io: CliIo): Promise<number> {
  const started = Date.now()
  const progress = new ProgressBar(io, todo.length, io.messages.transcribing)
  const failures: Array<{ file: string; reason: string }> = []
  let done = 0
  let audioSeconds = 0
  let scoreSum = 0
  let next = 0

  const work = async () => {
    while (next < todo.length) {
      const item = todo[next++]!
      const outcome = await transcribeRecording(parts.stack, item.file, item.call)
      const status: CallStatus = {
        callId: item.callId,
        stage: 'transcribe',
        status: outcome.ok ? 'done' : 'failed',
        reason: outcome.ok ? '' : outcome.reason,
        recordingUri: pathToFileURL(resolve(item.file)).href,
      }
      if (outcome.ok) {
        const scorecard = scoreTranscript(parts.scorer, outcome.transcript, new Date().toISOString())
        // Scorecard first, status second: a crash between them leaves a call that is redone, never one marked done
        // without its scorecard.
        await parts.store.saveScored([{ transcript: outcome.transcript, scorecard }])
        await parts.store.saveCallStatus([status])
        audioSeconds += outcome.audioSeconds
        scoreSum += scorecard.score
        done++
      } else {
        await parts.store.saveCallStatus([status])
        failures.push({ file: item.file, reason: outcome.reason })
        progress.finish()
        io.stderr.write(`callqa: ${io.messages.failedFile} ${item.file}: ${outcome.reason}\n`)
      }
      progress.update(done + failures.length)
    }
  }
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, todo.length) }, work))
  progress.finish()
  const elapsedSeconds = (Date.now() - started) / 1000
  io.stderr.write(
    `${io.messages.runSummary({ done, failed: failures.length, skipped, audioSeconds, elapsedSeconds, avgScore: done > 0 ? (scoreSum / done).toFixed(1) : '-' })}\n`,
  )
  if (audioSeconds > 0) io.stderr.write(`  ${io.messages.speed(clock(audioSeconds), (elapsedSeconds / audioSeconds).toFixed(3))}\n`)
  return failures.length > 0 ? EXIT.someRejected : EXIT.ok
}
