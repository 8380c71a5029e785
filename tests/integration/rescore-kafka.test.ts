import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, inject, it } from 'vitest'
import { generateCalls } from '../../bench/corpora.js'
import { openClickHouse } from '../../services/lib/clickhouse/client.js'
import { KafkaBus } from '../../services/lib/kafka/bus.js'
import { TOPICS } from '../../services/lib/kafka/topics.js'
import { createLogger } from '../../services/lib/log/index.js'

/*
 * Distributed re-scoring on the real broker of kafka.setup.ts: `callqa rescore` with KAFKA_BROKERS produces
 * calls.rescore.v1, the scorer worker scores each call with the ruleset the message carries, the sink stores it.
 * The embedded store belongs to one process at a time, so the steps run one after the other.
 */

const kafka = inject('kafka')
const CLI = join(process.cwd(), 'dist', 'services', 'cli', 'main.js')
const work = mkdtempSync(join(tmpdir(), 'callqa-rescore-kafka-'))
const dataDir = join(work, 'data')
const env = { ...process.env, CALLQA_DATA_DIR: dataDir, CLICKHOUSE_URL: '', CALLQA_LANG: 'en', KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_PARTITIONS: '4', LOG_LEVEL: 'warn' }
const bus = new KafkaBus({ brokers: kafka.brokers, clientId: 'callqa-test', partitions: 4, stallMs: 60_000 }, createLogger('test', { LOG_LEVEL: 'warn' }))
const workers: ChildProcess[] = []

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL')
  await bus.close()
  rmSync(work, { recursive: true, force: true })
})

async function versions(): Promise<Record<string, number>> {
  const client = openClickHouse({ kind: 'embedded', dataDir })
  try {
    const result = await client.query({
      query: 'SELECT toString(ruleset_version) AS v, toUInt32(uniqExact(call_id)) AS n FROM callqa.scorecards GROUP BY v',
      format: 'JSONEachRow',
    })
    return Object.fromEntries(((await result.json()) as Array<{ v: string; n: number }>).map((r) => [r.v, r.n]))
  } finally {
    await client.close()
  }
}

it('produces one message per call, which the scorer and sink workers turn into scorecards of the new version', async () => {
  const calls = generateCalls(40, 9, 60_000)
  const file = join(work, 'calls.ndjson')
  writeFileSync(file, calls.map((c) => JSON.stringify(c)).join('\n') + '\n')
  const local = { ...env, KAFKA_BROKERS: '' }
  expect(spawnSync(process.execPath, [CLI, 'score', '--store', '--format', 'ndjson', file], { env: local, encoding: 'utf8' }).status).toBe(0)
  const ruleset = join(work, 'v2.yaml')
  writeFileSync(ruleset, 'extends: default\nid: default\nversion: 2\nrules:\n  answer-speed:\n    maxRingSeconds: 5\n')

  const produced = spawnSync(process.execPath, [CLI, 'rescore', '--from', '2026-11-01', '--to', '2026-11-30', '--ruleset', ruleset], { env, encoding: 'utf8' })
  expect(produced.status, produced.stderr).toBe(0)
  expect(produced.stderr).toContain(`produced 40 calls to ${TOPICS.rescore}`)

  for (const role of ['scorer', 'sink']) workers.push(spawn(process.execPath, [CLI, 'worker', role], { env, stdio: 'ignore' }))
  const deadline = Date.now() + 90_000
  while ((await bus.lag('scorer', [TOPICS.rescore])) > 0 || (await bus.lag('sink', [TOPICS.scored])) > 0) {
    if (Date.now() > deadline) throw new Error('the workers did not catch up in 90 s')
    await new Promise((r) => setTimeout(r, 500))
  }
  for (const w of workers) {
    const exited = once(w, 'exit')
    w.kill('SIGTERM')
    await exited
  }
  expect(await versions()).toEqual({ '1': 40, '2': 40 })
})
