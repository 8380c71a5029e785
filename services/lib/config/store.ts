import { z } from 'zod'
import { blankAsUnset, parseEnv } from './env.js'

/** Where callqa keeps its ClickHouse data: chdb inside the process, or a ClickHouse server over HTTP. */
export type StoreConfig =
  | { kind: 'embedded'; dataDir: string }
  | {
      kind: 'server'
      url: string
      username: string
      password: string
      database: string
      /** How long one request may take before it is abandoned (and, for reads, tried again). */
      timeoutMs?: number
      /** Tries of a read or a migration step that fails transiently (connection reset, timeout, server busy). */
      attempts?: number
    }

const StoreEnv = z.object({
  CLICKHOUSE_URL: blankAsUnset(
    z.url({ protocol: /^https?$/, error: 'an http(s) URL such as http://localhost:8123' }).optional(),
  ),
  CLICKHOUSE_USER: blankAsUnset(z.string().default('default')),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  // Queries bind it as an Identifier, so any name would be safe; a plain one stays easy to use in dashboards' SQL.
  CLICKHOUSE_DATABASE: blankAsUnset(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'a database name of ASCII letters, digits and _' })
      .default('callqa'),
  ),
  CLICKHOUSE_TIMEOUT_MS: blankAsUnset(z.coerce.number().int().min(1000).default(30_000)),
  CLICKHOUSE_ATTEMPTS: blankAsUnset(z.coerce.number().int().min(1).max(20).default(4)),
  CALLQA_DATA_DIR: blankAsUnset(z.string().default('./data')),
})

export function loadStoreConfig(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const vars = parseEnv(StoreEnv, env, 'store', ['CLICKHOUSE_PASSWORD'])
  if (vars.CLICKHOUSE_URL === undefined) return { kind: 'embedded', dataDir: vars.CALLQA_DATA_DIR }
  return {
    kind: 'server',
    url: vars.CLICKHOUSE_URL,
    username: vars.CLICKHOUSE_USER,
    password: vars.CLICKHOUSE_PASSWORD,
    database: vars.CLICKHOUSE_DATABASE,
    timeoutMs: vars.CLICKHOUSE_TIMEOUT_MS,
    attempts: vars.CLICKHOUSE_ATTEMPTS,
  }
}
