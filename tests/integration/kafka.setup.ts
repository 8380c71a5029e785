import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { DevBroker, type DevBrokerOptions } from '../../services/lib/kafka/dev-broker.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real broker this test run started (tests may stop and start it again through a DevBroker). */
    kafka: DevBrokerOptions & { brokers: string[] }
  }
}

/**
 * A free loopback port below the ephemeral range (32768+): a broker that restarts must find its port again, and an
 * ephemeral port may meanwhile have gone to some client's outgoing connection.
 */
async function freePort(taken: number[] = []): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    if (taken.includes(port)) continue
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
}

/** One real Kafka broker for the whole run, on free loopback ports, thrown away at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort()
  const options = { dir: mkdtempSync(join(tmpdir(), 'callqa-kafka-')), port, controllerPort: await freePort([port]) }
  const broker = new DevBroker(options)
  await broker.start()
  project.provide('kafka', { ...options, brokers: broker.brokers })
  return () => broker.destroy()
}
