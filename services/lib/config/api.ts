import { z } from 'zod'
import { blankAsUnset, parseEnv } from './env.js'

export interface ApiConfig {
  port: number
  host: string
  /** Signs bearer tokens; when absent, `callqa serve` keeps a generated one beside the embedded store. */
  secret?: string
}

const Env = z.object({
  API_PORT: blankAsUnset(z.coerce.number().int().min(1).max(65535).default(8080)),
  API_HOST: blankAsUnset(z.string().default('127.0.0.1')),
  CALLQA_API_SECRET: blankAsUnset(z.string().min(32, 'at least 32 characters').optional()),
})

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const e = parseEnv(Env, env, 'API', ['CALLQA_API_SECRET'])
  return { port: e.API_PORT, host: e.API_HOST, secret: e.CALLQA_API_SECRET }
}
