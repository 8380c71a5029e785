import { chmodSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client'
import { createChdbConnection, type ChdbConnection } from 'chdb/connection'
import type { StoreConfig } from '../config/store.js'
import { UserError } from '../errors.js'
import { retrying } from './retry.js'
import { silenceStdin } from './stdin.js'

// chdb ignores the client's `database` option, so every statement names its database; embedded data always lives
// in this one.
const EMBEDDED_DATABASE = 'callqa'

// chdb types its connection against @clickhouse/client-common 1.23.0 while the client bundles its own copy of the
// common types (1.23.1); the two ClickHouseSettings typings differ, the runtime contract does not.
type ClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>

/** The database that holds callqa's tables for this configuration. */
export function databaseOf(config: StoreConfig): string {
  return config.kind === 'server' ? config.database : EMBEDDED_DATABASE
}

/** The directory chdb keeps its data in, under the configured data directory. */
export function chdbPath(dataDir: string): string {
  return resolve(dataDir, 'clickhouse')
}

/** The chdb connection under each embedded client, for inserts that bypass the client (insertJsonEachRow). */
const embeddedConnections = new WeakMap<ClickHouseClient, ChdbConnection>()

export function openClickHouse(config: StoreConfig): ClickHouseClient {
  if (config.kind === 'server') {
    const client = createClient({ url: config.url, username: config.username, password: config.password, request_timeout: config.timeoutMs ?? 30_000 })
    return retrying(client, { attempts: config.attempts ?? 4, firstDelayMs: 250 })
  }
  // The store holds password hashes, caller numbers and transcripts: only the service's own user may read it.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  chmodSync(config.dataDir, 0o700)
  const connection = openChdb(chdbPath(config.dataDir))
  const client = createClient({ connection: connection as unknown as ClientConnection })
  embeddedConnections.set(client, connection)
  return client
}

/**
 * Inserts rows (objects keyed by column) into `db`.`table` as JSONEachRow. Through the client, chdb receives the
 * rows spliced into one SQL string; its raw insert takes them as bytes (one JSON array, serialised in a single call)
 * instead, which costs the sink about a quarter less CPU per call (~60 rows a call, bench:pipeline's calls).
 */
export async function insertJsonRows(client: ClickHouseClient, db: string, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return
  if (embeddedConnections.has(client)) await insertRowBytes(client, db, table, { format: 'JSONEachRow', bytes: Buffer.from(JSON.stringify(rows)) })
  else await client.insert({ table: `{db:Identifier}.${table}`, values: rows, format: 'JSONEachRow', query_params: { db } })
}

/** Rows already serialised, as UTF-8: JSONEachRow objects, or JSONCompactEachRow arrays of `columns` in that order. */
export type RowBytes = { format: 'JSONEachRow'; bytes: Uint8Array } | { format: 'JSONCompactEachRow'; columns: readonly string[]; bytes: Uint8Array }

/**
 * Inserts serialised rows into `db`.`table`: embedded, chdb's raw insert reads the bytes where they are, parsed on
 * one thread (the engine shares this process's cores with the scoring threads, and parsing in parallel only adds
 * the work of cutting and handing over chunks); over HTTP the bytes are the request body.
 */
export async function insertRowBytes(client: ClickHouseClient, db: string, table: string, rows: RowBytes): Promise<void> {
  if (rows.bytes.length === 0) return
  const columns = rows.format === 'JSONCompactEachRow' ? rows.columns : undefined
  const embedded = embeddedConnections.get(client)
  if (embedded) {
    // `table` and the columns are callqa's own names; chdb checks every identifier before it builds the INSERT.
    const settings = { input_format_parallel_parsing: 0 }
    return void (await embedded.chdb.rawInsert({ table: `${db}.${table}`, columns, values: rows.bytes, format: rows.format, settings }))
  }
  const result = await client.exec({
    query: `INSERT INTO {db:Identifier}.{table:Identifier} ${columns ? `(${columns.join(', ')}) ` : ''}FORMAT ${rows.format}`,
    query_params: { db, table },
    values: Readable.from([rows.bytes]),
  })
  // The response is read to its end: over HTTP that is when the server has taken the rows.
  for await (const _ of result.stream) void _
}

function openChdb(path: string): ChdbConnection {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  chmodSync(path, 0o700)
  silenceStdin()
  try {
    return createChdbConnection({ path })
  } catch (err) {
    throw explainOpenFailure(path, err)
  }
}

// chdb reports every failed open as "Failed to create connection" and prints the real cause to stderr. The common
// cause is another process holding the directory: its engine writes its PID to `status` and keeps that file locked.
function explainOpenFailure(path: string, err: unknown): Error {
  const holder = livingHolder(path)
  if (holder !== undefined) {
    return new UserError(
      `the data directory ${path} is in use by another callqa process (pid ${holder}); ` +
        'embedded ClickHouse allows one process per data directory: stop that process, or point CALLQA_DATA_DIR ' +
        'elsewhere, or use a ClickHouse server (CLICKHOUSE_URL)',
      { cause: err },
    )
  }
  const reason = err instanceof Error ? err.message : String(err)
  return new UserError(`cannot open the embedded ClickHouse data directory ${path}: ${reason}`, { cause: err })
}

// A `status` file outlives a killed process, so a PID in it counts only while that process is alive.
function livingHolder(path: string): number | undefined {
  let status: string
  try {
    status = readFileSync(join(path, 'status'), 'utf8')
  } catch {
    return undefined
  }
  const pid = Number(/^PID:\s*(\d+)/m.exec(status)?.[1])
  if (!Number.isInteger(pid) || pid === process.pid) return undefined
  try {
    process.kill(pid, 0)
    return pid
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined
  }
}
