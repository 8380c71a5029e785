import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Call } from '../../../pipelines/contracts/call.js'
import type { RetranscribeRequest } from '../../../pipelines/contracts/retranscribe.js'
import type { Ruleset } from '../../../pipelines/contracts/ruleset.js'
import { formatProblems, validate } from '../../../pipelines/contracts/validate.js'
import { storedTranscript, type StoredCallRow } from '../../lib/clickhouse/rows.js'
import { loadKafkaConfig } from '../../lib/config/kafka.js'
import { UserError } from '../../lib/errors.js'
import { KafkaBus, type IncomingMessage, type OutgoingMessage, type Position } from '../../lib/kafka/bus.js'
import { HEADERS, SCHEMA_VERSION, TOPICS } from '../../lib/kafka/topics.js'
import { createLogger } from '../../lib/log/index.js'
import { FleetProgress, FOLLOWED_TOPICS, LANDING_TOPICS, QUEUED_AT } from '../fleet-progress.js'
import { EXIT, type CliIo } from '../io.js'
import { ProgressBar } from '../progress.js'

/*
 * `callqa rescore --retranscribe` with KAFKA_BROKERS: the archive transcribed again by however many transcriber
 * workers run, scored by the scorers with the job's ruleset, landed by the sinks. This process plans, sends and
 * follows; it transcribes nothing itself.
 *
 * - What is done is what the store holds: a call with a scorecard of the target version is skipped.
 * - What is under way is what the pipeline holds: messages of this job that a stage has not committed yet (an earlier
 *   run's, stopped or crashed) are found before anything is sent, and those calls are not sent again.
 * - At most a few calls per transcriber are sent ahead of what has landed, so stopping this command (Ctrl+C) stops the
 *   job within those few calls, and the live calls on calls.recorded.v1 never wait behind the whole archive.
 * The store is read first into a temporary file and closed before anything is sent, so an embedded store can then be
 * opened by the sink worker.
 */

/** Calls sent ahead of what has landed, per transcriber worker (and never fewer than MIN_AHEAD); CALLQA_RETRANSCRIBE_AHEAD sets a number. */
const AHEAD_PER_WORKER = 4
const MIN_AHEAD = 8

function fixedAhead(env: NodeJS.ProcessEnv): number | undefined {
  const value = (env.CALLQA_RETRANSCRIBE_AHEAD ?? '').trim()
  if (value === '') return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new UserError(`CALLQA_RETRANSCRIBE_AHEAD must be a whole number of calls, at least 1 (got "${value}")`)
  return n
}
const TICK_MS = 1000
const UNANSWERED_MS = 120_000

export interface FleetJob {
  target: { id: string; version: number }
  /** Stored calls still to do (no scorecard of the target version), in call id order. */
  rows: AsyncIterable<StoredCallRow>
  /** Closes the store: the calls to do have been read. */
  releaseStore(): Promise<void>
}

export async function retranscribeOnFleet(job: FleetJob, ruleset: Ruleset, io: CliIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`callqa: ${line}\n`)
  const fixed = fixedAhead(io.env)
  const target = `${job.target.id}@${job.target.version}`
  const bus = new KafkaBus(loadKafkaConfig(io.env), createLogger('callqa-rescore', io.env))
  const progress = new FleetProgress(target)
  const spool = await mkdtemp(join(tmpdir(), 'callqa-retranscribe-'))
  const started = Date.now()
  let reader: Awaited<ReturnType<KafkaBus['read']>> | undefined
  let stopping = false
  const stop = () => (stopping = true)
  process.once('SIGINT', stop).once('SIGTERM', stop)
  try {
    await bus.ensureTopics()
    // What each stage has yet to read (from its commit to this snapshot) is an earlier run's call still under way;
    // everything after the snapshot is followed live. The commits are read first: a message a stage commits meanwhile
    // is then read here, and what it caused lies before the snapshot (read here too, or landed) or after it.
    const from: Position[] = []
    for (const { stage, topic } of QUEUED_AT) from.push(...(await bus.committedOffsets(stage, [topic])))
    const snapshot = await bus.offsets([...new Set([...FOLLOWED_TOPICS, ...QUEUED_AT.map((q) => q.topic)])], 'end')
    progress.queued(await queuedMessages(bus, from, snapshot))

    const file = join(spool, 'calls.ndjson')
    const { toSend, unusable } = await spoolCalls(job.rows, progress, file, (callId, reason) => say(io.messages.noRecording(callId, reason)))
    await job.releaseStore()
    const earlier = progress.counts().open
    say(io.messages.fleetPlan(target, toSend, earlier))

    reader = await bus.read(
      snapshot.filter((p) => FOLLOWED_TOPICS.includes(p.topic)),
      (messages) => messages.forEach((m) => progress.observe(m)),
    )
    const bar = new ProgressBar(io, toSend + earlier, io.messages.retranscribing)
    let workers = 0
    let unanswered = 0
    const tick = async () => {
      try {
        ;[workers] = await Promise.all([bus.members('transcriber'), bus.committedOffsets('sink', LANDING_TOPICS).then((p) => progress.commits(p))])
        unanswered = 0
      } catch (err) {
        // A broker restarting does not end the job; one gone for minutes does.
        if (++unanswered * TICK_MS > UNANSWERED_MS) throw err
      }
      for (const { callId, reason } of progress.takeFailures()) {
        bar.finish()
        say(io.messages.noRecording(callId, reason))
      }
      const c = progress.counts()
      bar.update(c.landed + c.failed, false, io.messages.fleetNote(workers, c.open, c.failed))
    }

    const calls = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })[Symbol.asyncIterator]()
    let sent = 0
    for (;;) {
      await tick()
      if (stopping) break
      const ahead = (fixed ?? Math.max(MIN_AHEAD, AHEAD_PER_WORKER * workers)) - progress.counts().open
      const batch: OutgoingMessage[] = []
      while (sent < toSend && batch.length < ahead) {
        const line = (await calls.next()).value as string
        const call = JSON.parse(line) as RetranscribeRequest['call']
        batch.push(requestMessage(call, ruleset, target))
        sent++
      }
      if (batch.length > 0) {
        await bus.send(batch)
        for (const m of batch) progress.sent(m.key)
      }
      if (sent === toSend && progress.counts().open === 0) break
      await new Promise((resolve) => setTimeout(resolve, TICK_MS))
    }
    bar.finish()
    const c = progress.counts()
    const seconds = (Date.now() - started) / 1000
    if (stopping) {
      say(io.messages.fleetStopped(c.landed, c.open, toSend - sent))
      return EXIT.interrupted
    }
    say(io.messages.fleetSummary(c.landed, c.failed + unusable, seconds, workers))
    return c.failed + unusable > 0 ? EXIT.someRejected : EXIT.ok
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop)
    await reader?.stop()
    await bus.close()
    await rm(spool, { recursive: true, force: true })
  }
}

/** The messages each stage has yet to commit, read from its commit up to the snapshot. */
async function queuedMessages(bus: KafkaBus, from: readonly Position[], snapshot: readonly Position[]): Promise<IncomingMessage[]> {
  const found: IncomingMessage[] = []
  const reader = await bus.read(from, (messages) => found.push(...messages), snapshot.filter((p) => from.some((f) => f.topic === p.topic)))
  try {
    await reader.reached
  } finally {
    await reader.stop()
  }
  // Only what came before the snapshot: anything later is followed live.
  const end = new Map(snapshot.map((p) => [`${p.topic}/${p.partition}`, BigInt(p.offset)]))
  return found.filter((m) => BigInt(m.offset) < (end.get(`${m.topic}/${m.partition}`) ?? 0n))
}

/** The calls to send, one Call JSON per line; calls without a usable recording are reported and left out. */
async function spoolCalls(
  rows: AsyncIterable<StoredCallRow>,
  progress: FleetProgress,
  file: string,
  unusable: (callId: string, reason: string) => void,
): Promise<{ toSend: number; unusable: number }> {
  const out = createWriteStream(file, 'utf8')
  let toSend = 0
  let refused = 0
  for await (const row of rows) {
    if (progress.has(row.call_id)) continue
    // The Call contract drops the transcript's own fields (utterances, asr, audio).
    const stored = storedTranscript(row)
    const call = stored.ok ? validate(Call, stored.value) : stored
    const reason = !call.ok ? formatProblems(call.problems) : call.value.recording ? undefined : 'no recording_uri stored'
    if (reason !== undefined || !call.ok) {
      refused++
      unusable(row.call_id, reason ?? '')
      continue
    }
    if (!out.write(JSON.stringify(call.value) + '\n')) await once(out, 'drain')
    toSend++
  }
  out.end()
  await once(out, 'finish')
  return { toSend, unusable: refused }
}

function requestMessage(call: Call, ruleset: Ruleset, target: string): OutgoingMessage {
  const request: RetranscribeRequest = { call, ruleset }
  return {
    topic: TOPICS.retranscribe,
    key: call.callId,
    value: JSON.stringify(request),
    headers: {
      [HEADERS.schemaVersion]: SCHEMA_VERSION,
      [HEADERS.traceId]: randomUUID(),
      [HEADERS.enteredAt]: String(Date.now()),
      [HEADERS.rescoreTarget]: target,
    },
  }
}
