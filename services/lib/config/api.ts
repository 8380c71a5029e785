import { resolve } from 'node:path'
import { z } from 'zod'
import { blankAsUnset, parseEnv } from './env.js'

export interface ApiConfig {
  port: number
  host: string
  /** Signs bearer tokens; when absent, `callqa serve` keeps a generated one beside the embedded store. */
  secret?: string
  /** The only folder whose recordings the call page plays (the same folder ingest stores uploads in). */
  recordingsDir: string
  sampling: { perAgentWeek: number; seed: number }
  /** The settlement policy YAML; absent → the default policy. */
  settlementPolicy?: string
  /** Behind a reverse proxy: `true`, or the proxies' addresses, so that sign-in throttling sees the client's address. */
  trustProxy?: boolean | string
}

const Env = z.object({
  API_PORT: blankAsUnset(z.coerce.number().int().min(1).max(65535).default(8080)),
  API_HOST: blankAsUnset(z.string().default('127.0.0.1')),
  CALLQA_API_SECRET: blankAsUnset(z.string().min(32, 'at least 32 characters').optional()),
  RECORDINGS_DIR: blankAsUnset(z.string().default('./data/recordings')),
  CALLQA_SAMPLE_PER_AGENT_WEEK: blankAsUnset(z.coerce.number().int().min(0).max(1000).default(2)),
  CALLQA_SAMPLE_SEED: blankAsUnset(z.coerce.number().int().min(0).default(1)),
  CALLQA_SETTLEMENT_POLICY: blankAsUnset(z.string().optional()),
  API_TRUST_PROXY: blankAsUnset(z.string().optional()),
})

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const e = parseEnv(Env, env, 'API', ['CALLQA_API_SECRET'])
  return {
    port: e.API_PORT,
    host: e.API_HOST,
    secret: e.CALLQA_API_SECRET,
    recordingsDir: resolve(e.RECORDINGS_DIR),
    sampling: { perAgentWeek: e.CALLQA_SAMPLE_PER_AGENT_WEEK, seed: e.CALLQA_SAMPLE_SEED },
    settlementPolicy: e.CALLQA_SETTLEMENT_POLICY,
    trustProxy: e.API_TRUST_PROXY === undefined ? undefined : e.API_TRUST_PROXY === 'true' ? true : e.API_TRUST_PROXY,
  }
}
