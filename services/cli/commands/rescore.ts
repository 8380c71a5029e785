import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { Call } from '../../../pipelines/contracts/call.js'
import type { RescoreRequest } from '../../../pipelines/contracts/rescore.js'
import type { Ruleset } from '../../../pipelines/contracts/ruleset.js'
import { formatProblems, validate } from '../../../pipelines/contracts/validate.js'
import { compileRuleset, scoreTranscript } from '../../../pipelines/scoring/score.js'
import { storedTranscript, type StoredCallRow } from '../../lib/clickhouse/rows.js'
import type { RescoreRange, RulesetRef, Store } from '../../lib/clickhouse/store.js'
import { loadStoreConfig } from '../../lib/config/store.js'
import { UserError } from '../../lib/errors.js'
import { loadRuleset } from '../../lib/rulesets/load.js'
import { decodeUtf8 } from '../../lib/utf8.js'
import type { OutgoingMessage } from '../../lib/kafka/bus.js'
import type { InputDocument } from '../inputs.js'
import { EXIT, type CliIo } from '../io.js'
import { ProgressBar } from '../progress.js'
import { optionalDateRange, parseDateRange, refText, rulesetRef } from '../rescore-args.js'
import { renderDiff, summarizeDiff } from '../rescore-diff.js'
import { ScoringPool } from '../scoring-pool.js'

/*
 * Batch re-scoring of archived calls. The store is read a page of calls at a time in call_id order; a page leaves
 * out the calls that already have a scorecard of the target ruleset version, which is what makes a run idempotent
 * and an interrupted run resumable: running it again does only what is missing. Scorecards of other versions are
 * never touched, since the target version is part of every scorecard's key.
 */

/** Calls per page read from the store: one query per table per page, a few tens of MB of NDJSON. */
const PAGE_CALLS = 20_000
/** Bytes of NDJSON per block handed to the scoring pool (it batches blocks up to 256 kB per thread). */
const BLOCK_BYTES = 64 * 1024
/** Messages per send in distributed mode: memory stays bounded whatever the page holds. */
const SEND_MESSAGES = 1000
/** Scorecards inserted together (CALLQA_RESCORE_BATCH): large inserts for ClickHouse; a crash redoes at most this many. */
const INSERT_CALLS = 10_000

export interface RescoreOptions {
  from?: string
  to?: string
  ruleset?: string
  retranscribe: boolean
  lang: 'zh' | 'en'
}

export interface RescoreDiffOptions {
  fromRuleset?: string
  toRuleset?: string
  from?: string
  to?: string
  format: 'table' | 'json'
}

function insertCalls(env: NodeJS.ProcessEnv): number {
  const value = (env.CALLQA_RESCORE_BATCH ?? '').trim()
  if (value === '') return INSERT_CALLS
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new UserError(`CALLQA_RESCORE_BATCH must be a whole number of calls, at least 1 (got "${value}")`)
  return n
}

export async function rescoreCommand(opts: RescoreOptions, io: CliIo): Promise<number> {
  const range = parseDateRange(opts.from, opts.to)
  const batch = insertCalls(io.env)
  const ruleset = loadRuleset(opts.ruleset)
  const kafka = (io.env.KAFKA_BROKERS ?? '').trim() !== ''
  const store = await (await import('../../lib/clickhouse/store.js')).openStore(loadStoreConfig(io.env))
  let open = true
  const closeStore = async () => {
    if (open) await store.close()
    open = false
  }
  try {
    const target = { id: ruleset.id, version: ruleset.version }
    const counts = await store.rescoreCounts(range, target)
    io.stderr.write(`callqa: ${io.messages.rescorePlan(refText(target), counts.calls, counts.done)}\n`)
    const job: Job = { store, range, target, progress: new ProgressBar(io, counts.calls - counts.done, io.messages.rescoring) }
    if (kafka && opts.retranscribe) {
      const { retranscribeOnFleet } = await import('./rescore-fleet.js')
      return await retranscribeOnFleet({ target, rows: rowsToScore(job), releaseStore: closeStore }, ruleset, io)
    }
    if (kafka) return await produceRescores(job, ruleset, io)
    if (opts.retranscribe) return await retranscribeAll(job, ruleset, io)
    return await rescoreLocally(job, ruleset, { lang: opts.lang, batch }, io)
  } finally {
    await closeStore()
  }
}

interface Job {
  store: Store
  range: RescoreRange
  target: RulesetRef
  progress: ProgressBar
}

/**
 * Every page of calls still to score, as NDJSON StoredCallRow bytes. The next page is read while the caller works on
 * this one, so the scoring threads do not wait for the store.
 */
async function* pagesToScore(job: Job): AsyncGenerator<Buffer> {
  const read = async (after: string) => {
    const last = await job.store.nextRescorePage(job.range, after, PAGE_CALLS)
    return last === undefined ? undefined : { last, ndjson: await job.store.storedCalls({ ...job.range, after, last }, job.target) }
  }
  let next = read('')
  for (;;) {
    const page = await next
    if (page === undefined) return
    next = read(page.last)
    next.catch(() => {}) // awaited on the next turn; a caller that stops early must not leave it unhandled
    if (page.ndjson.length > 0) yield page.ndjson
  }
}

/** Cuts a page of NDJSON into blocks of whole lines; each a copy, since posting a view to a thread would copy its whole buffer. */
export function* pageBlocks(page: Buffer): Generator<InputDocument & { lines: Uint8Array }> {
  for (let start = 0; start < page.length; ) {
    const nl = page.indexOf(10, Math.min(start + BLOCK_BYTES, page.length - 1))
    const end = nl === -1 ? page.length : nl + 1
    yield { source: 'store', firstLine: 1, lines: Uint8Array.prototype.slice.call(page, start, end) }
    start = end
  }
}

async function* blocks(pages: AsyncIterable<Buffer>): AsyncGenerator<InputDocument> {
  for await (const page of pages) yield* pageBlocks(page)
}

function* storedRows(page: Buffer): Generator<StoredCallRow> {
  for (const line of decodeUtf8(page).split('\n')) if (line !== '') yield JSON.parse(line) as StoredCallRow
}

async function* rowsToScore(job: Job): AsyncGenerator<StoredCallRow> {
  for await (const page of pagesToScore(job)) yield* storedRows(page)
}

async function rescoreLocally(job: Job, ruleset: Ruleset, { lang, batch: insertEvery }: { lang: 'zh' | 'en'; batch: number }, io: CliIo): Promise<number> {
  const started = Date.now()
  const pool = new ScoringPool(availableParallelism(), { lang, input: 'stored-calls', keep: 'scorecard-rows' })
  let scored = 0
  let rejected = 0
  let scoreSum = 0
  const pending = { calls: 0, ruleResults: [] as Uint8Array[], scorecards: [] as Uint8Array[] }
  // One insert runs while the threads score on; the next waits for it, so memory stays bounded.
  let inserting: Promise<void> = Promise.resolve()
  const flush = async () => {
    await inserting
    if (pending.calls === 0) return
    inserting = job.store.saveScorecardRows({ ruleResults: Buffer.concat(pending.ruleResults), scorecards: Buffer.concat(pending.scorecards) })
    inserting.catch(() => {}) // awaited by the next flush
    pending.calls = 0
    pending.ruleResults = []
    pending.scorecards = []
  }
  try {
    pool.useRuleset(ruleset)
    for await (const batch of pool.score(blocks(pagesToScore(job)))) {
      for (const { source, problems } of batch.rejected) {
        job.progress.finish()
        io.stderr.write(`callqa: ${io.messages.rejected} ${source}: ${formatProblems(problems)}\n`)
      }
      rejected += batch.rejected.length
      scored += batch.scored
      scoreSum += batch.scoreSum
      pending.calls += batch.scored
      if (batch.rows) {
        pending.ruleResults.push(batch.rows.ruleResults)
        pending.scorecards.push(batch.rows.scorecards)
      }
      if (pending.calls >= insertEvery) await flush()
      job.progress.update(scored + rejected)
    }
    await flush()
    await inserting
  } finally {
    await pool.close()
  }
  job.progress.finish()
  const avg = scored > 0 ? (scoreSum / scored).toFixed(1) : '-'
  io.stderr.write(`${io.messages.rescoreSummary(scored, rejected, (Date.now() - started) / 1000, avg)}\n`)
  return rejected > 0 ? EXIT.someRejected : EXIT.ok
}

/** Distributed mode: one RescoreRequest per call on callqa.calls.rescore.v1; the scorer and sink workers do the rest. */
async function produceRescores(job: Job, ruleset: Ruleset, io: CliIo): Promise<number> {
  const { KafkaBus } = await import('../../lib/kafka/bus.js')
  const { HEADERS, SCHEMA_VERSION, TOPICS } = await import('../../lib/kafka/topics.js')
  const { loadKafkaConfig } = await import('../../lib/config/kafka.js')
  const { createLogger } = await import('../../lib/log/index.js')
  const bus = new KafkaBus(loadKafkaConfig(io.env), createLogger('callqa-rescore', io.env))
  let produced = 0
  let rejected = 0
  try {
    await bus.ensureTopics()
    const messages: OutgoingMessage[] = []
    const send = async () => {
      await bus.send(messages)
      produced += messages.length
      messages.length = 0
      job.progress.update(produced + rejected)
    }
    for await (const row of rowsToScore(job)) {
      const transcript = storedTranscript(row)
      if (!transcript.ok) {
        rejected++
        job.progress.finish()
        io.stderr.write(`callqa: ${io.messages.rejected} call ${row.call_id}: ${formatProblems(transcript.problems)}\n`)
        continue
      }
      const request: RescoreRequest = { transcript: transcript.value, ruleset }
      const headers = { [HEADERS.schemaVersion]: SCHEMA_VERSION, [HEADERS.traceId]: randomUUID(), [HEADERS.enteredAt]: String(Date.now()) }
      messages.push({ topic: TOPICS.rescore, key: row.call_id, value: JSON.stringify(request), headers })
      if (messages.length >= SEND_MESSAGES) await send()
    }
    await send()
  } finally {
    await bus.close()
  }
  job.progress.finish()
  io.stderr.write(`callqa: ${io.messages.rescoreProduced(produced, TOPICS.rescore)}\n`)
  return rejected > 0 ? EXIT.someRejected : EXIT.ok
}

/** Transcribes each call's recording again, then scores and stores the new transcript with its scorecard. */
async function retranscribeAll(job: Job, ruleset: Ruleset, io: CliIo): Promise<number> {
  const { ensureFfmpeg } = await import('../../lib/audio/install.js')
  const { loadSpeechConfig } = await import('../../lib/config/speech.js')
  const { openSpeechStack } = await import('../../transcriber/speech-stack.js')
  const { recordingPath, transcribeRecording } = await import('../../transcriber/transcribe-recording.js')
  const say = (line: string) => io.stderr.write(`callqa: ${line}\n`)
  const started = Date.now()
  const scorer = compileRuleset(ruleset)
  await ensureFfmpeg(say)
  let stack: Awaited<ReturnType<typeof openSpeechStack>> | undefined
  let done = 0
  let failed = 0
  let scoreSum = 0
  const fail = (callId: string, reason: string) => {
    failed++
    job.progress.finish()
    say(io.messages.noRecording(callId, reason))
  }
  try {
    for await (const row of rowsToScore(job)) {
      // The Call contract drops the transcript's own fields (utterances, asr, audio).
      const stored = storedTranscript(row)
      const call = stored.ok ? validate(Call, stored.value) : stored
      const recording = call.ok ? call.value.recording : undefined
      const path = recording && recordingPath(recording.uri)
      if (!call.ok) {
        fail(row.call_id, formatProblems(call.problems))
      } else if (path === undefined) {
        fail(row.call_id, recording ? `recording_uri ${recording.uri} is not a local file` : 'no recording_uri stored')
      } else {
        stack ??= await openSpeechStack(loadSpeechConfig(io.env), say, ruleset)
        const outcome = await transcribeRecording(stack, path, call.value)
        if (!outcome.ok) fail(row.call_id, outcome.reason)
        else {
          const scorecard = scoreTranscript(scorer, outcome.transcript, new Date().toISOString())
          await job.store.saveScored([{ transcript: outcome.transcript, scorecard }])
          scoreSum += scorecard.score
          done++
        }
      }
      job.progress.update(done + failed)
    }
  } finally {
    await stack?.close()
  }
  job.progress.finish()
  const avg = done > 0 ? (scoreSum / done).toFixed(1) : '-'
  io.stderr.write(`${io.messages.rescoreSummary(done, failed, (Date.now() - started) / 1000, avg)}\n`)
  return failed > 0 ? EXIT.someRejected : EXIT.ok
}

export async function rescoreDiffCommand(opts: RescoreDiffOptions, io: CliIo): Promise<number> {
  const from = rulesetRef('from-ruleset', opts.fromRuleset)
  const to = rulesetRef('to-ruleset', opts.toRuleset)
  const range = optionalDateRange(opts.from, opts.to)
  const store = await (await import('../../lib/clickhouse/store.js')).openStore(loadStoreConfig(io.env))
  try {
    const rows = await store.rulesetDiff(from, to, range)
    const diff = summarizeDiff(rows, from, to)
    for (const [ref, only] of [[from, diff.calls.onlyFrom], [to, diff.calls.onlyTo]] as const) {
      if (diff.calls.compared + only === 0) throw new UserError(io.messages.diffEmpty(refText(ref)))
    }
    io.stdout.write(opts.format === 'json' ? JSON.stringify(diff, null, 2) + '\n' : renderDiff(diff, io.messages))
    return EXIT.ok
  } finally {
    await store.close()
  }
}
