import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'

// Beside this module both in the sources and in dist/ (scripts/copy-assets.mjs copies the .sql files).
const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))

export interface Migration {
  /** The file name without `.sql`, e.g. `0001_init`; recorded in schema_migrations. */
  version: string
  statements: string[]
}

const AppliedRow = z.object({ version: z.string() })

/**
 * Applies, in file-name order, the migrations not yet recorded in `<database>.schema_migrations`, and returns their
 * versions. Statements name the database as `{db:Identifier}`, which withDatabase writes in.
 */
export async function migrate(client: ClickHouseClient, database: string): Promise<string[]> {
  await bootstrap(client, database)
  const applied = await appliedVersions(client, database)
  const pending = loadMigrations().filter((m) => !applied.has(m.version))
  for (const migration of pending) {
    for (const statement of migration.statements) {
      await client.command({ query: withDatabase(statement, database) })
    }
    await client.command({
      query: 'INSERT INTO {db:Identifier}.schema_migrations (version) VALUES ({version:String})',
      query_params: { db: database, version: migration.version },
    })
  }
  return pending.map((m) => m.version)
}

/**
 * A migration with its database written in as a quoted identifier. ClickHouse 24.8–25.8 do not substitute query
 * parameters in `CREATE MATERIALIZED VIEW … TO {db:Identifier}.t` (upstream #62892, #87073): 25.x looks for
 * `default.t`, 24.8 binds the view to `default.t`, and every insert into the view's source fails from then on. The
 * name is one of ASCII letters, digits and _ (config/store.ts checks it), so quoting it is exact.
 */
export function withDatabase(statement: string, database: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`not a plain database name: ${JSON.stringify(database)}`)
  return statement.replaceAll('{db:Identifier}', `\`${database}\``)
}

export function loadMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({
      version: name.slice(0, -'.sql'.length),
      statements: splitStatements(readFileSync(join(MIGRATIONS_DIR, name), 'utf8')),
    }))
}

/**
 * Splits a file at every `;` that ends a line (so never end a line inside a string literal with one), dropping
 * pieces that hold only comments: the HTTP interface runs one statement per request.
 */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;[ \t]*$/m)
    .map((piece) => piece.trim())
    .filter((piece) => piece.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')))
}

// ReplacingMergeTree so that two processes migrating one server at once record a version once.
async function bootstrap(client: ClickHouseClient, database: string): Promise<void> {
  await client.command({ query: 'CREATE DATABASE IF NOT EXISTS {db:Identifier}', query_params: { db: database } })
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS {db:Identifier}.schema_migrations
            (version String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
            ENGINE = ReplacingMergeTree ORDER BY version`,
    query_params: { db: database },
  })
}

async function appliedVersions(client: ClickHouseClient, database: string): Promise<Set<string>> {
  const result = await client.query({
    query: 'SELECT DISTINCT version FROM {db:Identifier}.schema_migrations',
    query_params: { db: database },
    format: 'JSONEachRow',
  })
  const rows = z.array(AppliedRow).parse(await result.json())
  return new Set(rows.map((row) => row.version))
}
