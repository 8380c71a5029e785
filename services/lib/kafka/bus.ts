import { createHash, randomUUID } from 'node:crypto'
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type IHeaders, type KafkaMessage, type Producer } from 'kafkajs'
import type { KafkaConfig } from '../config/kafka.js'
import { UserError } from '../errors.js'
import type { Logger } from '../log/index.js'
import { UNDECODABLE } from './codecs.js'
import { ALL_TOPICS, dlqOf, dlqOwner, HEADERS, isDlq } from './topics.js'

/*
 * With codecs.ts, the only module that imports kafkajs (2.2.4 is unmaintained; swapping it must stay cheap). Stages
 * see plain messages and return outcomes as values; this module produces, commits and retries.
 */

export interface IncomingMessage {
  topic: string
  partition: number
  offset: string
  key: string | undefined
  value: Buffer | null
  headers: Record<string, string>
  /** Epoch ms the producer (or broker) stamped on the message. */
  timestamp: number
}

export interface OutgoingMessage {
  topic: string
  key: string
  /** null only for a tombstone passed on to a DLQ as it came. */
  value: string | Buffer | null
  headers: Record<string, string>
  /** Epoch ms to stamp on the message (consumers may take it as the record's version); absent → when it is sent. */
  timestamp?: number
}

/** A place in a topic: the offset of the next message to read in one partition. */
export interface Position {
  topic: string
  partition: number
  offset: string
}

export interface TopicReader {
  /** Settles once every partition was read up to the `until` positions. */
  reached: Promise<void>
  stop(): Promise<void>
}

/** What a stage made of one message: messages to produce, the dead-letter queue with a reason, or nothing. */
export type Outcome = { kind: 'ok'; outputs: OutgoingMessage[] } | { kind: 'dlq'; reason: string } | { kind: 'drop' }

export interface Stage {
  /** Names the consumer group (callqa-<name>) and the DLQ provenance. */
  name: string
  topics: string[]
  /**
   * One outcome per message, in order. Throwing means a transient failure: the batch is retried, never skipped.
   * Slow stages (transcription takes minutes a batch) call `alive` every few seconds: it heartbeats the consumer
   * group and tells the stall watchdog the stage is working, not stuck.
   */
  handle(messages: IncomingMessage[], alive: () => Promise<void>): Promise<Outcome[]>
  /**
   * Commit after this many messages instead of once per fetched batch: a stage that takes minutes a message (the
   * transcriber) then loses at most that many messages' work when it is killed, and a rebalance mid-batch hands
   * the rest to another worker without this one finishing it first.
   */
  commitEvery?: number
}

export interface RunningStage {
  /** Stops fetching, lets the batch in hand finish and commit, then leaves the group. */
  stop(): Promise<void>
  /** Settles if the consumer crashed for good (kafkajs gave up restarting it): the process should exit. */
  failed: Promise<Error>
}

const TRANSIENT_RETRIES = 5
const SEND_TIMEOUT_MS = 30_000
const SEND_ATTEMPTS = 10
/** Bytes of message values per produce request: under the 1 MB a broker accepts by default, whatever it holds. */
const REQUEST_BYTES = 512 * 1024

function sizeOf(m: OutgoingMessage): number {
  return typeof m.value === 'string' ? m.value.length * 3 : (m.value?.length ?? 0)
}
const FIRST_BACKOFF_MS = 200

/** The broker answered the request with a refusal that no retry changes (too large, invalid records). */
function refusedByBroker(err: unknown): boolean {
  for (let e = err as { name?: string; retriable?: boolean; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.name === 'KafkaJSProtocolError' && e.retriable === false) return true
  }
  return false
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k] = String(Array.isArray(v) ? v[0] : v)
  return out
}

/**
 * A message as stages see it. One from another producer gets what callqa's own carry: a trace id (derived from where
 * the message is, so a redelivery keeps it) and the time it entered (the message's timestamp).
 */
function incoming(topic: string, partition: number, m: KafkaMessage): IncomingMessage {
  const headers = headersOf(m.headers)
  headers[HEADERS.traceId] ??= createHash('sha256').update(`${topic}/${partition}/${m.offset}`).digest('hex').slice(0, 32)
  headers[HEADERS.enteredAt] ??= String(Number(m.timestamp))
  return { topic, partition, offset: m.offset, key: m.key?.toString(), value: m.value, headers, timestamp: Number(m.timestamp) }
}

/**
 * What the bus decides before a stage sees a message: a placeholder for an undecodable batch (codecs.ts) and a
 * tombstone (no value) go to the DLQ with the reason; anything else is the stage's. A DLQ's own reader sees all.
 */
function screened(raw: KafkaMessage, m: IncomingMessage): Outcome | undefined {
  if (isDlq(m.topic)) return undefined
  const undecodable = (raw as { [UNDECODABLE]?: string })[UNDECODABLE]
  if (undecodable !== undefined) return { kind: 'dlq', reason: undecodable }
  if (m.value === null) {
    return { kind: 'dlq', reason: `a tombstone (a message without a value, key ${JSON.stringify(m.key ?? null)}): callqa's topics carry no deletes` }
  }
  return undefined
}

function dlqMessage(stage: string, m: IncomingMessage, reason: string): OutgoingMessage {
  return {
    topic: dlqOf(m.topic),
    key: m.key ?? '',
    value: m.value,
    headers: {
      ...m.headers,
      [HEADERS.dlqReason]: reason.slice(0, 4000),
      [HEADERS.dlqStage]: stage,
      [HEADERS.dlqTopic]: m.topic,
      [HEADERS.dlqPartition]: String(m.partition),
      [HEADERS.dlqOffset]: m.offset,
    },
  }
}

/** What is wrong with existing topics, one sentence each with the fix. */
export function topicProblems(metadata: { topics: Array<{ name: string; partitions: Array<{ replicas: number[] }> }> }, config: Pick<KafkaConfig, 'partitions' | 'replicationFactor'>): string[] {
  const problems: string[] = []
  for (const { name, partitions } of metadata.topics) {
    if (partitions.length < config.partitions) {
      problems.push(
        `topic ${name} has ${partitions.length} partition(s), KAFKA_PARTITIONS asks for ${config.partitions}: at most ${partitions.length} worker(s) of a stage can share it; ` +
          `add partitions (kafka-topics.sh --alter --topic ${name} --partitions ${config.partitions}) or set KAFKA_PARTITIONS=${partitions.length}`,
      )
    }
    const replicas = Math.min(...partitions.map((p) => p.replicas.length))
    if (config.replicationFactor !== undefined && replicas < config.replicationFactor) {
      problems.push(
        `topic ${name} has ${replicas} replica(s), KAFKA_REPLICATION_FACTOR asks for ${config.replicationFactor}: losing a broker can lose its messages; ` +
          `reassign its replicas (kafka-reassign-partitions.sh) or set KAFKA_REPLICATION_FACTOR=${replicas}`,
      )
    }
  }
  return problems
}

export class KafkaBus {
  private readonly kafka: Kafka
  private producer?: Promise<Producer>

  constructor(
    private readonly config: KafkaConfig,
    private readonly log: Logger,
  ) {
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => ({ level, log }) => {
        const { message, ...extra } = log
        this.log[level <= logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'debug']({ kafka: extra }, message)
      },
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
    })
  }

  /**
   * Creates every callqa topic and its DLQ that does not exist yet (KAFKA_PARTITIONS partitions, KAFKA_REPLICATION_FACTOR
   * replicas), waits for their leaders, and checks the ones that existed: a topic someone else's producer had the
   * broker auto-create has the broker's defaults (often 1 partition, so a stage cannot scale). What is wrong is an
   * error naming each topic and the fix (KAFKA_TOPIC_CHECK=warn: a warning, and the worker starts).
   */
  async ensureTopics(names: readonly string[] = ALL_TOPICS): Promise<void> {
    const admin = this.kafka.admin()
    try {
      await admin.connect()
    } catch (err) {
      // kafkajs gives up with a generic error; what the user needs is its cause and which setting named the brokers.
      let cause = err as Error | undefined
      while (cause && (cause as { cause?: Error }).cause) cause = (cause as { cause?: Error }).cause
      throw new UserError(`cannot reach Kafka at KAFKA_BROKERS=${this.config.brokers.join(',')}: ${cause?.message ?? String(err)}`)
    }
    try {
      const existing = new Set(await admin.listTopics())
      const { partitions, replicationFactor } = this.config
      const topics = names.filter((t) => !existing.has(t)).map((topic) => ({ topic, numPartitions: partitions, replicationFactor: replicationFactor ?? -1 }))
      if (topics.length > 0) {
        try {
          await admin.createTopics({ topics, waitForLeaders: true })
        } catch (err) {
          // Workers starting together race to create the topics; losing that race is fine.
          const now = new Set(await admin.listTopics())
          if (!topics.every((t) => now.has(t.topic))) throw err
        }
      }
      const checked = names.filter((t) => existing.has(t))
      const problems = checked.length === 0 ? [] : topicProblems(await admin.fetchTopicMetadata({ topics: checked }), this.config)
      if (problems.length === 0) return
      if (this.config.topicCheck === 'warn') for (const problem of problems) this.log.warn(problem)
      else throw new UserError(`Kafka topics are not as callqa needs them (KAFKA_TOPIC_CHECK=warn starts anyway):\n- ${problems.join('\n- ')}`)
    } finally {
      await admin.disconnect()
    }
  }

  /** Messages of `topics` that group `callqa-<stage>` has not committed yet: 0 when the stage has caught up. */
  async lag(stage: string, topics: readonly string[]): Promise<number> {
    const [ends, committed] = await Promise.all([this.offsets(topics, 'end'), this.committedOffsets(stage, topics)])
    let lag = 0
    for (const end of ends) {
      const at = committed.find((c) => c.topic === end.topic && c.partition === end.partition)
      lag += Number(end.offset) - Number(at?.offset ?? end.offset)
    }
    return lag
  }

  private async withAdmin<T>(use: (admin: Admin) => Promise<T>): Promise<T> {
    // Right after a broker (re)starts, or before the first group exists, its group coordinator is still loading: ask
    // again shortly, a few times.
    for (let attempt = 1; ; attempt++) {
      const admin = this.kafka.admin()
      try {
        await admin.connect()
        return await use(admin)
      } catch (err) {
        if (attempt >= 10 || !(err as { retriable?: boolean }).retriable) throw err
        await new Promise((r) => setTimeout(r, 500))
      } finally {
        await admin.disconnect()
      }
    }
  }

  /** Where each partition of these topics starts (its oldest message kept) or ends now (the offset its next message will get). */
  offsets(topics: readonly string[], which: 'first' | 'end'): Promise<Position[]> {
    return this.withAdmin(async (admin) => {
      const out: Position[] = []
      for (const topic of topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) out.push({ topic, partition: p.partition, offset: which === 'end' ? p.high : p.low })
      }
      return out
    })
  }

  /** Where group callqa-<stage> will go on reading each partition: its commit, or the partition's first offset. */
  committedOffsets(stage: string, topics: readonly string[]): Promise<Position[]> {
    return this.withAdmin(async (admin) => {
      const committed = await admin.fetchOffsets({ groupId: `callqa-${stage}`, topics: [...topics] })
      const out: Position[] = []
      for (const topic of topics) {
        const done = committed.find((c) => c.topic === topic)?.partitions ?? []
        for (const p of await admin.fetchTopicOffsets(topic)) {
          const at = done.find((d) => d.partition === p.partition)?.offset ?? '-1'
          out.push({ topic, partition: p.partition, offset: BigInt(at) < BigInt(p.low) ? p.low : at })
        }
      }
      return out
    })
  }

  /** How many consumers group callqa-<stage> has now (the workers of that stage that are running). */
  members(stage: string): Promise<number> {
    return this.withAdmin(async (admin) => (await admin.describeGroups([`callqa-${stage}`])).groups[0]?.members.length ?? 0)
  }

  /**
   * Reads messages from the positions `from` on, in a consumer group of its own (no stage's position moves), handing
   * each batch to `each`, until `until` when given (then `reached` settles) or until stop(). For following what a job
   * caused as it flows through the stages.
   */
  async read(from: readonly Position[], each: (messages: IncomingMessage[]) => void, until?: readonly Position[]): Promise<TopicReader> {
    const groupId = `${this.config.clientId}-reader-${randomUUID()}`
    const topics = [...new Set(from.map((p) => p.topic))]
    const start = new Map(from.map((p) => [`${p.topic}/${p.partition}`, BigInt(p.offset)]))
    const left = new Map<string, bigint>()
    for (const u of until ?? []) {
      const key = `${u.topic}/${u.partition}`
      if (BigInt(u.offset) > (start.get(key) ?? 0n)) left.set(key, BigInt(u.offset))
    }
    let settle!: () => void
    const reached = new Promise<void>((resolve) => (settle = resolve))
    if (left.size === 0) settle()
    await this.withAdmin(async (admin) => {
      for (const topic of topics) {
        const partitions = from.filter((p) => p.topic === topic).map(({ partition, offset }) => ({ partition, offset }))
        await admin.setOffsets({ groupId, topic, partitions })
      }
    })
    const consumer = this.kafka.consumer({ groupId, maxBytesPerPartition: 8 << 20, maxBytes: 32 << 20, allowAutoTopicCreation: false })
    await consumer.connect()
    await consumer.subscribe({ topics, fromBeginning: true })
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        each(batch.messages.map((m) => incoming(batch.topic, batch.partition, m)))
        const key = `${batch.topic}/${batch.partition}`
        const end = left.get(key)
        if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) {
          left.delete(key)
          if (left.size === 0) settle()
        }
      },
    })
    return {
      reached,
      stop: async () => {
        await consumer.disconnect()
        await this.withAdmin((admin) => admin.deleteGroups([groupId])).catch(() => {})
      },
    }
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      // Idempotent: a retried send after a lost acknowledgement is not written twice.
      // Few retries, well inside SEND_TIMEOUT_MS: send() retries on a fresh producer, and a send it abandoned must
      // give up soon, because kafkajs keeps retrying it (reconnecting, even after disconnect()) in the background.
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 },
      })
      await producer.connect()
      return producer
    })()
    return this.producer
  }

  /**
   * Sends and waits until every broker replica has the messages, in requests small enough for any broker. A send
   * that hangs or fails (a kafkajs producer can do either for good after its broker restarts) is abandoned with its
   * producer and tried again on a fresh connection; a retried request may write twice, which every consumer
   * tolerates. Only a request the broker refuses as such (too large, invalid) fails at once.
   */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; ) {
      let end = start
      let bytes = 0
      while (end < messages.length && (end === start || bytes + sizeOf(messages[end]!) <= REQUEST_BYTES)) bytes += sizeOf(messages[end++]!)
      await this.sendRequest(messages.slice(start, end))
      start = end
    }
  }

  private async sendRequest(messages: readonly OutgoingMessage[]): Promise<void> {
    const byTopic = new Map<string, OutgoingMessage[]>()
    for (const m of messages) {
      const list = byTopic.get(m.topic)
      if (list) list.push(m)
      else byTopic.set(m.topic, [m])
    }
    const topicMessages = [...byTopic].map(([topic, ms]) => ({
      topic,
      messages: ms.map(({ key, value, headers, timestamp }) => ({ key, value, headers, ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }) })),
    }))
    for (let attempt = 1; ; attempt++) {
      const producer = this.connectedProducer()
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SEND_TIMEOUT_MS)))
      const sent = producer.then((p) => p.sendBatch({ acks: -1, topicMessages }))
      sent.catch(() => {}) // awaited below, or abandoned with its producer
      let failure: unknown
      try {
        if ((await Promise.race([sent, timedOut])) !== 'timeout') return
        failure = new Error(`Kafka send did not complete in ${SEND_TIMEOUT_MS / 1000} s`)
      } catch (err) {
        if (refusedByBroker(err)) throw err
        failure = err
      } finally {
        clearTimeout(timer)
      }
      // The producer itself may be what is broken (kafkajs's connect gave up while the broker was away, or it
      // stopped answering): the next attempt gets a fresh one.
      if (this.producer === producer) this.producer = undefined
      void producer.then((p) => p.disconnect()).catch(() => {})
      this.log.warn({ attempt, err: failure }, 'send failed; retrying on a fresh producer')
      if (attempt >= SEND_ATTEMPTS) throw failure
      await new Promise((r) => setTimeout(r, FIRST_BACKOFF_MS * attempt))
    }
  }

  async runStage(stage: Stage): Promise<RunningStage> {
    const consumer: Consumer = this.kafka.consumer({
      groupId: `callqa-${stage.name}`,
      maxBytesPerPartition: 8 << 20,
      maxBytes: 32 << 20,
      allowAutoTopicCreation: false,
    })
    // A healthy consumer completes a fetch every few seconds (at most maxWaitTime apart, or after each batch). One
    // that has not for stallMs is stuck (seen with kafkajs after a broker restart under load) or its broker is
    // gone: either way it fails, and the process exits to be restarted with fresh connections.
    let lastFetch = Date.now()
    consumer.on(consumer.events.FETCH, () => (lastFetch = Date.now()))
    consumer.on(consumer.events.END_BATCH_PROCESS, () => (lastFetch = Date.now()))
    let watchdog: NodeJS.Timeout | undefined
    const failed = new Promise<Error>((resolve) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        this.log.error({ stage: stage.name, err: payload.error, restart: payload.restart }, 'consumer crashed')
        if (!payload.restart) resolve(payload.error)
      })
      watchdog = setInterval(() => {
        const { stallMs } = this.config
        if (Date.now() - lastFetch > stallMs) resolve(new Error(`stage ${stage.name} fetched nothing for ${stallMs / 1000} s`))
      }, 1000).unref()
    })
    await consumer.connect()
    await consumer.subscribe({ topics: stage.topics, fromBeginning: true })
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        const every = stage.commitEvery ?? batch.messages.length
        // Of the stages reading a topic, one owns its DLQ (topics.ts): a message another stage also refuses is left
        // to it, so it lands in the DLQ once.
        const owner = (dlqOwner(batch.topic) ?? stage.name) === stage.name
        for (let start = 0; start < batch.messages.length; start += every) {
          // A partition taken away mid-batch (rebalance, shutdown) is left to its next owner from the last commit.
          if (!isRunning() || isStale()) return
          const started = performance.now()
          const raw = batch.messages.slice(start, start + every)
          const messages = raw.map((m) => incoming(batch.topic, batch.partition, m))
          const alive = async () => {
            lastFetch = Date.now()
            await heartbeat()
          }
          const outcomes = await this.outcomes(stage, raw, messages, alive)
          const handled = performance.now()
          const outputs = outcomes.flatMap((o, i) =>
            o.kind === 'ok' ? o.outputs : o.kind === 'dlq' && owner ? [dlqMessage(stage.name, messages[i]!, o.reason)] : [],
          )
          // The order that makes delivery at-least-once: outputs acknowledged, then the offsets committed.
          await this.send(outputs)
          // resolveOffset moves this consumer's fetch position on; commitOffsets makes it survive a crash.
          const last = raw.at(-1)!.offset
          resolveOffset(last)
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }])
          await heartbeat()
          this.log.debug(
            { stage: stage.name, topic: batch.topic, partition: batch.partition, messages: messages.length, handleMs: Math.round(handled - started), totalMs: Math.round(performance.now() - started) },
            'batch done',
          )
          const dlq = outcomes.filter((o) => o.kind === 'dlq').length
          if (dlq > 0) {
            this.log.warn({ stage: stage.name, topic: batch.topic, partition: batch.partition, dlq }, owner ? 'messages sent to the DLQ' : `messages skipped (stage ${dlqOwner(batch.topic)} sends them to the DLQ)`)
          }
        }
      },
    })
    return {
      stop: () => {
        clearInterval(watchdog)
        return consumer.disconnect()
      },
      failed,
    }
  }

  /** One outcome per message: the bus's own for messages it screens out, the stage's for the others. */
  private async outcomes(stage: Stage, raw: KafkaMessage[], messages: IncomingMessage[], alive: () => Promise<void>): Promise<Outcome[]> {
    const outcomes = messages.map((m, i) => screened(raw[i]!, m))
    const forStage = messages.filter((_, i) => outcomes[i] === undefined)
    const handled = forStage.length > 0 ? await this.handleWithRetries(stage, forStage, alive) : []
    let next = 0
    return outcomes.map((o) => o ?? handled[next++]!)
  }

  private async handleWithRetries(stage: Stage, messages: IncomingMessage[], heartbeat: () => Promise<void>): Promise<Outcome[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcomes = await stage.handle(messages, heartbeat)
        if (outcomes.length !== messages.length) throw new Error(`stage ${stage.name} returned ${outcomes.length} outcomes for ${messages.length} messages`)
        return outcomes
      } catch (err) {
        if (attempt >= TRANSIENT_RETRIES) throw err
        const wait = FIRST_BACKOFF_MS * 2 ** attempt
        this.log.warn({ stage: stage.name, attempt: attempt + 1, wait, err }, 'transient failure, retrying the batch')
        await new Promise((r) => setTimeout(r, wait))
        await heartbeat()
      }
    }
  }

  /** Flushes and closes the producer; call after the stages have stopped. */
  async close(): Promise<void> {
    if (this.producer) await (await this.producer).disconnect()
  }
}
