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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** One real Kafka broker for the whole run, on free loopback ports, thrown away at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const options = { dir: mkdtempSync(join(tmpdir(), 'callqa-kafka-')), port: await freePort(), controllerPort: await freePort() }
  const broker = new DevBroker(options)
  await broker.start()
  project.provide('kafka', { ...options, brokers: broker.brokers })
  return () => broker.destroy()
}
