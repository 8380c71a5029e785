import { once } from 'node:events'
import { compileRuleset } from '../../../pipelines/scoring/score.js'
import { loadKafkaConfig } from '../../lib/config/kafka.js'
import { loadStoreConfig } from '../../lib/config/store.js'
import { openStore, type Store } from '../../lib/clickhouse/store.js'
import type { FastifyInstance } from 'fastify'
import { loadIngestConfig, type IngestConfig } from '../../lib/config/ingest.js'
import { serveHealth } from '../../lib/health.js'
import { buildIngestApp } from '../../ingest/app.js'
import { KafkaBus, type RunningStage, type Stage } from '../../lib/kafka/bus.js'
import { createLogger } from '../../lib/log/index.js'
import { loadRuleset } from '../../lib/rulesets/load.js'
import { scorerStage } from '../../scorer/stage.js'
import { sinkStage } from '../../sink/stage.js'
import { loadSpeechConfig } from '../../lib/config/speech.js'
import { openSpeechStack } from '../../transcriber/speech-stack.js'
import { transcriberStage } from '../../transcriber/stage.js'
import { EXIT, type CliIo } from '../io.js'

export const WORKER_ROLES = ['ingest', 'transcriber', 'scorer', 'sink', 'all'] as const
export type WorkerRole = (typeof WORKER_ROLES)[number]

export interface WorkerOptions {
  role: WorkerRole
  ruleset?: string
}

/** The ingest HTTP service, publishing through the worker's bus. */
async function startIngest(config: IngestConfig, bus: KafkaBus): Promise<FastifyInstance> {
  const app = await buildIngestApp({ ...config, publish: (message) => bus.send([message]) })
  await app.listen({ port: config.port, host: config.host })
  return app
}

/**
 * Runs pipeline stages against Kafka until SIGTERM or SIGINT, then shuts down in order: stop taking uploads, stop
 * consuming (the batch in hand finishes and commits), flush the producer, close ClickHouse.
 */
export async function workerCommand(opts: WorkerOptions, io: CliIo): Promise<number> {
  const log = createLogger(`callqa-${opts.role}`, io.env)
  const bus = new KafkaBus(loadKafkaConfig(io.env), log)
  const roles = opts.role === 'all' ? (['ingest', 'transcriber', 'scorer', 'sink'] as const) : [opts.role]
  let store: Store | undefined
  let speech: Awaited<ReturnType<typeof openSpeechStack>> | undefined
  const stages: Stage[] = []
  for (const role of roles) {
    if (role === 'transcriber') {
      const config = loadSpeechConfig(io.env)
      stages.push(transcriberStage(async () => (speech = await openSpeechStack(config, (line) => log.info(line)))))
    }
    if (role === 'scorer') stages.push(scorerStage(compileRuleset(loadRuleset(opts.ruleset ?? io.env.CALLQA_RULESET))))
    if (role === 'sink') stages.push(sinkStage((store ??= await openStore(loadStoreConfig(io.env)))))
  }
  await bus.ensureTopics()
  const ingest = roles.includes('ingest') ? await startIngest(loadIngestConfig(io.env), bus) : undefined
  const running: RunningStage[] = []
  for (const stage of stages) running.push(await bus.runStage(stage))
  let stopping = false
  const port = Number(io.env.HEALTH_PORT ?? 0)
  const health = port > 0 ? await serveHealth(port, () => !stopping) : undefined
  log.info({ stages: stages.map((s) => s.name), topics: stages.flatMap((s) => s.topics) }, 'worker running')

  // Until told to stop, or until a consumer dies for good: then exit non-zero so that the orchestrator restarts us.
  const crash = await Promise.race([
    once(process, 'SIGTERM').then(() => undefined),
    once(process, 'SIGINT').then(() => undefined),
    ...running.map((r) => r.failed),
  ])
  stopping = true
  log[crash ? 'error' : 'info']({ err: crash }, 'shutting down: stopping consumers')
  // A batch stuck on a vanished broker must not keep the process alive forever: past the grace period, exit anyway.
  // Nothing is lost: what was not committed is delivered again to the next worker.
  const grace = Number(io.env.SHUTDOWN_GRACE_MS ?? 30_000)
  const deadline = setTimeout(() => {
    log.error({ graceMs: grace }, 'shutdown did not finish in time; exiting, uncommitted messages will be redelivered')
    process.exit(EXIT.failed)
  }, grace)
  await ingest?.close()
  for (const r of running) await r.stop()
  await bus.close()
  await store?.close()
  await speech?.close()
  health?.close()
  clearTimeout(deadline)
  log.info('worker stopped')
  // Exit now rather than when the event loop empties: kafkajs keeps retrying a send abandoned after a broker
  // restart, reconnecting for it even after disconnect(), and that alone would keep a stopped worker alive.
  process.exit(crash ? EXIT.failed : EXIT.ok)
}
