import { CompressionCodecs, CompressionTypes, Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { UserError } from '../../services/lib/errors.js'
import { KafkaBus, type IncomingMessage, type RunningStage } from '../../services/lib/kafka/bus.js'
import { dlqOf, HEADERS } from '../../services/lib/kafka/topics.js'
import { createLogger } from '../../services/lib/log/index.js'
import { produceWithJava, type JavaCompression } from '../helpers/java-producer.js'

/*
 * Batches as other producers write them, on the real broker: Apache Kafka's Java producer with each codec, a topic
 * whose own compression.type recompresses what it is sent, a batch this process cannot decode, tombstones, no
 * callqa headers, and topics someone else's producer had auto-created.
 */

const kafka = inject('kafka')
const run = `${process.pid}-${Date.now()}`
const bus = new KafkaBus({ brokers: kafka.brokers, clientId: 'callqa-test-codecs', partitions: 1, stallMs: 60_000 }, createLogger('test', { LOG_LEVEL: process.env.TEST_BUS_LOG_LEVEL ?? 'error' }))
const admin = new Kafka({ brokers: kafka.brokers, clientId: 'callqa-test-codecs-admin', logLevel: logLevel.NOTHING }).admin()
const stages: RunningStage[] = []

afterAll(async () => {
  await Promise.all(stages.map((s) => s.stop()))
  await bus.close()
  await admin.disconnect()
}, 60_000)

const sample = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ key: `${tag}-${i}`, value: JSON.stringify({ callId: `${tag}-${i}`, text: `您好，很高兴为您服务 ${i} `.repeat(1 + (i % 7)) }) }))

/** Reads `topics` from the start with a stage of its own until `done` says it has what it waits for. */
async function consume(name: string, topics: string[], done: (seen: IncomingMessage[]) => boolean): Promise<IncomingMessage[]> {
  const seen: IncomingMessage[] = []
  const stage = await bus.runStage({ name: `${name}-${run}`, topics, handle: async (ms) => (seen.push(...ms), ms.map(() => ({ kind: 'ok' as const, outputs: [] }))) })
  stages.push(stage)
  const deadline = Date.now() + 60_000
  while (!done(seen)) {
    if (Date.now() > deadline) throw new Error(`${name}: saw ${seen.length} messages`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return seen
}

describe('any producer, any codec', () => {
  const codecs: JavaCompression[] = ['gzip', 'snappy', 'lz4', 'zstd']
  const topicOf = (codec: JavaCompression) => `codecs.${codec}.${run}`
  beforeAll(() => bus.ensureTopics(codecs.map(topicOf)), 60_000)

  it.each(codecs)("decodes the Java producer's %s batches", async (codec) => {
    const topic = topicOf(codec)
    const sent = sample(300, codec)
    await produceWithJava(kafka.brokers, topic, codec, sent)
    const seen = await consume(`codec-${codec}`, [topic], (s) => s.length >= sent.length)
    expect(seen.map((m) => ({ key: m.key, value: m.value?.toString('utf8') }))).toEqual(sent)
  }, 120_000)

  it("decodes a topic whose own compression.type (zstd) recompresses an uncompressed producer's batches", async () => {
    const topic = `codecs.topic-zstd.${run}`
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'compression.type', value: 'zstd' }] }], waitForLeaders: true })
    const sent = sample(200, 'topic')
    await produceWithJava(kafka.brokers, topic, 'none', sent)
    const seen = await consume('codec-topic', [topic], (s) => s.length >= sent.length)
    expect(seen.map((m) => m.value?.toString('utf8'))).toEqual(sent.map((m) => m.value))
  }, 120_000)

})

describe('no batch stalls a partition', () => {
  it('sends a batch it cannot decode to the DLQ with the reason and its bytes, and goes on with the partition', async () => {
    const topic = `codecs.undecodable.${run}`
    await bus.ensureTopics([topic, dlqOf(topic)])
    await produceWithJava(kafka.brokers, topic, 'zstd', sample(5, 'lost'))
    await produceWithJava(kafka.brokers, topic, 'gzip', sample(3, 'after'))
    const zstd = CompressionCodecs[CompressionTypes.ZSTD]
    // This process without a zstd codec, as kafkajs ships (the state every callqa worker was in for snappy, lz4, zstd).
    CompressionCodecs[CompressionTypes.ZSTD] = () => {
      throw new Error('ZSTD compression not implemented')
    }
    let seen: IncomingMessage[]
    try {
      seen = await consume('undecodable', [topic], (s) => s.length >= 3)
    } finally {
      CompressionCodecs[CompressionTypes.ZSTD] = zstd
    }
    expect(seen.map((m) => m.key)).toEqual(['after-0', 'after-1', 'after-2'])
    const dlq = await consume('undecodable-dlq', [dlqOf(topic)], (s) => s.length >= 5)
    expect(dlq.map((m) => m.headers[HEADERS.dlqOffset])).toEqual(['0', '1', '2', '3', '4'])
    // The producer may have split the five into more than one batch: each offset names its batch.
    for (const m of dlq) {
      const [, first] = /^undecodable record batch \(offsets (\d+)–\d+, compression type 4\): ZSTD compression not implemented/.exec(m.headers[HEADERS.dlqReason] ?? '') ?? []
      expect(first, m.headers[HEADERS.dlqReason]).toBeDefined()
      // A batch's first offset carries the whole batch as the broker has it (magic byte 2 at offset 16).
      if (first === m.headers[HEADERS.dlqOffset]) expect(m.value!.readInt8(16)).toBe(2)
      else expect(m.value).toBeNull()
    }
  })

})

describe("other producers' messages", () => {
  it('gives messages without callqa headers a trace id and an entry time, and sends a tombstone to the DLQ with what it is', async () => {
    const topic = `codecs.third-party.${run}`
    await bus.ensureTopics([topic, dlqOf(topic)])
    await produceWithJava(kafka.brokers, topic, 'lz4', [{ key: 'C-1', value: '{}' }, { key: 'C-2', value: null }, { key: null, value: '{}' }])
    const seen = await consume('third-party', [topic], (s) => s.length >= 2)
    expect(seen.map((m) => m.key)).toEqual(['C-1', undefined])
    for (const m of seen) {
      expect(m.headers[HEADERS.traceId]).toMatch(/^[0-9a-f]{32}$/)
      expect(Number(m.headers[HEADERS.enteredAt])).toBe(m.timestamp)
    }
    expect(seen[0]!.headers[HEADERS.traceId]).not.toBe(seen[1]!.headers[HEADERS.traceId])
    const [tombstone] = await consume('third-party-dlq', [dlqOf(topic)], (s) => s.length >= 1)
    expect(tombstone!.headers[HEADERS.dlqReason]).toBe('a tombstone (a message without a value, key "C-2"): callqa\'s topics carry no deletes')
    expect(tombstone!.value).toBeNull()
  })
})

describe('topics checked at start', () => {
  it("refuses a topic another producer had the broker auto-create with 1 partition, naming the fix; warns when told to", async () => {
    const topic = `codecs.auto-created.${run}`
    await produceWithJava(kafka.brokers, topic, 'none', [{ key: 'k', value: 'v' }])
    const wanting = (extra: object) => new KafkaBus({ brokers: kafka.brokers, clientId: 'callqa-test-topics', partitions: 4, stallMs: 60_000, ...extra }, createLogger('test', { LOG_LEVEL: 'silent' }))
    const strict = wanting({ replicationFactor: 3 })
    const err = await strict.ensureTopics([topic]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as Error).message).toContain(`topic ${topic} has 1 partition(s), KAFKA_PARTITIONS asks for 4`)
    expect((err as Error).message).toContain(`kafka-topics.sh --alter --topic ${topic} --partitions 4`)
    expect((err as Error).message).toContain(`topic ${topic} has 1 replica(s), KAFKA_REPLICATION_FACTOR asks for 3`)
    await expect(wanting({ topicCheck: 'warn' }).ensureTopics([topic])).resolves.toBeUndefined()
    // A topic callqa creates itself gets what was asked for.
    const own = `codecs.created.${run}`
    await wanting({ replicationFactor: 1 }).ensureTopics([own])
    const [meta] = (await admin.fetchTopicMetadata({ topics: [own] })).topics
    expect(meta!.partitions).toHaveLength(4)
  })
})
