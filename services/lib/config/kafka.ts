import { z } from 'zod'
import { blankAsUnset, parseEnv } from './env.js'

/** The Kafka settings of the workers; without KAFKA_BROKERS callqa runs in local mode only. */
export interface KafkaConfig {
  brokers: string[]
  clientId: string
  /** Partitions of each topic when callqa creates it: the most consumers one group can spread over. */
  partitions: number
  /** Replicas of each topic callqa creates; undefined: the broker's default.replication.factor. */
  replicationFactor?: number
  /** What a topic with fewer partitions or replicas than asked for does at start: refuse to start, or warn. */
  topicCheck?: 'strict' | 'warn'
  /** A consumer that completes no fetch for this long is declared stuck and its worker exits to be restarted. */
  stallMs: number
}

const Env = z.object({
  KAFKA_BROKERS: blankAsUnset(
    z
      .string({ error: 'set to the brokers, e.g. 127.0.0.1:9092 (workers need Kafka; without it, use callqa score)' })
      .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[\w.-]+:\d+$/, 'a list of host:port')).min(1)),
  ),
  KAFKA_CLIENT_ID: blankAsUnset(z.string().default('callqa')),
  KAFKA_PARTITIONS: blankAsUnset(z.coerce.number().int().min(1).max(1000).default(6)),
  KAFKA_REPLICATION_FACTOR: blankAsUnset(z.coerce.number().int().min(1).max(32).optional()),
  KAFKA_TOPIC_CHECK: blankAsUnset(z.enum(['strict', 'warn']).default('strict')),
  KAFKA_STALL_MS: blankAsUnset(z.coerce.number().int().min(10_000).default(60_000)),
})

export function loadKafkaConfig(env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  const vars = parseEnv(Env, env, 'Kafka')
  return {
    brokers: vars.KAFKA_BROKERS,
    clientId: vars.KAFKA_CLIENT_ID,
    partitions: vars.KAFKA_PARTITIONS,
    ...(vars.KAFKA_REPLICATION_FACTOR !== undefined && { replicationFactor: vars.KAFKA_REPLICATION_FACTOR }),
    topicCheck: vars.KAFKA_TOPIC_CHECK,
    stallMs: vars.KAFKA_STALL_MS,
  }
}
