import { z } from 'zod'
import { UserError } from '../errors.js'

/** Where callqa keeps its ClickHouse data: chdb inside the process, or a ClickHouse server over HTTP. */
export type StoreConfig =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'server'; url: string; username: string; password: string; database: string }

// Compose files commonly pass `VAR=` for "not set"; treating blank as absent lets the defaults apply.
const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema)

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
  CALLQA_DATA_DIR: blankAsUnset(z.string().default('./data')),
})

// Secrets are never echoed back in an error.
const SECRET = new Set(['CLICKHOUSE_PASSWORD'])

export function loadStoreConfig(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const parsed = StoreEnv.safeParse(env)
  if (!parsed.success) throw new UserError(describeProblems(parsed.error, env))
  const vars = parsed.data
  if (vars.CLICKHOUSE_URL === undefined) return { kind: 'embedded', dataDir: vars.CALLQA_DATA_DIR }
  return {
    kind: 'server',
    url: vars.CLICKHOUSE_URL,
    username: vars.CLICKHOUSE_USER,
    password: vars.CLICKHOUSE_PASSWORD,
    database: vars.CLICKHOUSE_DATABASE,
  }
}

function describeProblems(error: z.ZodError, env: NodeJS.ProcessEnv): string {
  const lines = error.issues.map((issue) => {
    const name = String(issue.path[0])
    const got = SECRET.has(name) ? '' : ` (got ${JSON.stringify(env[name])})`
    return `${name} must be ${issue.message}${got}`
  })
  return `invalid store configuration: ${lines.join('; ')}`
}
