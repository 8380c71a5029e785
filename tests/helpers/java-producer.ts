import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { kafkaJars } from '../../services/lib/kafka/dev-broker.js'

export type JavaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'

/**
 * Sends messages with Apache Kafka's Java producer (tests/java/Produce.java, run from the broker's cached jars):
 * another system's producer, its own batching and compression, no callqa headers. `null` is a null key or value.
 */
export async function produceWithJava(brokers: string[], topic: string, compression: JavaCompression, messages: ReadonlyArray<{ key: string | null; value: string | null }>): Promise<void> {
  const field = (s: string | null) => {
    if (s !== null && /[\t\n\r]/.test(s)) throw new Error(`a message for the Java producer must not hold tabs or newlines: ${s.slice(0, 40)}`)
    return s ?? '\\N'
  }
  const source = join(process.cwd(), 'tests', 'java', 'Produce.java')
  const child = spawn('java', ['-cp', `${kafkaJars()}/*`, source, brokers.join(','), topic, compression], { stdio: ['pipe', 'inherit', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin.end(messages.map((m) => `${field(m.key)}\t${field(m.value)}\n`).join(''))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`the Java producer exited with ${code}: ${stderr.slice(-2000)}`)
}
