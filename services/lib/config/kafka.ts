import { z } from 'zod'
import { UserError } from '../errors.js'

/** The Kafka settings of the workers; without KAFKA_BROKERS callqa runs in local mode only. */
export interface KafkaConfig {
  brokers: string[]
  clientId: string
  /** Partitions of each topic when callqa creates it: the most consumers one group can spread over. */
  partitions: number
}

const Env = z.object({
  KAFKA_BROKERS: z
    .string({ error: 'KAFKA_BROKERS is required for workers, e.g. 127.0.0.1:9092 (without Kafka, use callqa score)' })
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[\w.-]+:\d+$/, 'each broker must be host:port')).min(1)),
  KAFKA_CLIENT_ID: z.string().min(1).default('callqa'),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
})

export function loadKafkaConfig(env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`)
    throw new UserError(`invalid Kafka configuration: ${problems.join('; ')}`)
  }
  return { brokers: parsed.data.KAFKA_BROKERS, clientId: parsed.data.KAFKA_CLIENT_ID, partitions: parsed.data.KAFKA_PARTITIONS }
}
