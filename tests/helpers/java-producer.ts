import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { kafkaJars } from '../../services/lib/kafka/dev-broker.js'

export type JavaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'

const SOURCE = join(process.cwd(), 'tests', 'java', 'Produce.java')

/** tests/java/Produce.java compiled once per version of its source, under ~/.cache/callqa. */
function producerClasses(jars: string): string {
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 16)
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'callqa', 'java-producer', hash)
  if (!existsSync(join(dir, 'Produce.class'))) execFileSync('javac', ['-cp', `${jars}/*`, '-d', dir, SOURCE], { stdio: 'inherit' })
  return dir
}

/**
 * Sends messages with Apache Kafka's Java producer (tests/java/Produce.java, run from the broker's cached jars):
 * another system's producer, its own batching and compression, no callqa headers. `null` is a null key or value.
 */
export async function produceWithJava(brokers: string[], topic: string, compression: JavaCompression, messages: ReadonlyArray<{ key: string | null; value: string | null }>): Promise<void> {
  const field = (s: string | null) => {
    if (s !== null && /[\t\n\r]/.test(s)) throw new Error(`a message for the Java producer must not hold tabs or newlines: ${s.slice(0, 40)}`)
    return s ?? '\\N'
  }
  const jars = kafkaJars()
  const child = spawn('java', ['-cp', `${producerClasses(jars)}:${jars}/*`, 'Produce', brokers.join(','), topic, compression], { stdio: ['pipe', 'inherit', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin.end(messages.map((m) => `${field(m.key)}\t${field(m.value)}\n`).join(''))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`the Java producer exited with ${code}: ${stderr.slice(-2000)}`)
}
