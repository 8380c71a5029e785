import { mkdtempSync } from 'node:fs'
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

/** One real Kafka broker for the whole run, on free loopback ports, thrown away at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const broker = await DevBroker.onFreePorts(mkdtempSync(join(tmpdir(), 'callqa-kafka-')))
  await broker.start()
  project.provide('kafka', { ...broker.options, brokers: broker.brokers })
  return () => broker.destroy()
}
