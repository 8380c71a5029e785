import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { dbTime, isoSql } from './rows.js'
import { select } from './select.js'

/*
 * Who uses the QA workspace, and the append-only trail of what they decided.
 * Every value goes through query_params.
 */

export const UserRow = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['agent', 'inspector', 'supervisor', 'admin']),
  agentId: z.string().nullable(),
  passwordHash: z.string(),
  disabled: z.boolean(),
  /** The password is a one-time password (set by an admin, or printed at setup): it must be changed at sign-in. */
  mustChangePassword: z.boolean(),
  /** Epoch ms after which a one-time password no longer signs in; null: it does not expire. */
  passwordExpiresAt: z.coerce.number().nullable(),
  /** Epoch ms: sessions issued before this have ended (a password, role or access change signs the user out). */
  sessionsValidFrom: z.coerce.number(),
})
export type UserRow = z.infer<typeof UserRow>

/** A user to save: an account without the sign-in state columns is an ordinary one with its sessions valid. */
export type UserInput = Omit<UserRow, 'mustChangePassword' | 'passwordExpiresAt' | 'sessionsValidFrom'> & Partial<UserRow>

const USER_COLUMNS = `username, display_name AS displayName, role, agent_id AS agentId, password_hash AS passwordHash, disabled,
  must_change_password AS mustChangePassword,
  if(toUnixTimestamp64Milli(password_expires_at) = 0, NULL, toUnixTimestamp64Milli(password_expires_at)) AS passwordExpiresAt,
  toUnixTimestamp64Milli(sessions_valid_from) AS sessionsValidFrom`

export interface AuditEntry {
  actor: string
  action: string
  target: string
  /** JSON of the state before and after; `null` when there was none. */
  before: unknown
  after: unknown
}

export const AuditRow = z.object({ at: z.string(), actor: z.string(), action: z.string(), target: z.string(), before: z.string(), after: z.string() })

export async function saveUser(client: ClickHouseClient, db: string, user: UserInput): Promise<void> {
  await client.insert({
    table: '{db:Identifier}.users',
    format: 'JSONEachRow',
    query_params: { db },
    values: [
      {
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        agent_id: user.agentId,
        password_hash: user.passwordHash,
        disabled: user.disabled,
        must_change_password: user.mustChangePassword ?? false,
        // Absent: the column's default, the epoch, which means "none".
        ...(user.passwordExpiresAt && { password_expires_at: dbTime(user.passwordExpiresAt) }),
        ...(user.sessionsValidFrom && { sessions_valid_from: dbTime(user.sessionsValidFrom) }),
        updated_at: dbTime(Date.now()),
      },
    ],
  })
}

export async function findUser(client: ClickHouseClient, db: string, username: string): Promise<UserRow | undefined> {
  const [row] = await select(
    client,
    UserRow,
    `SELECT ${USER_COLUMNS} FROM {db:Identifier}.users FINAL WHERE username = {username:String}`,
    { db, username },
  )
  return row
}

const SessionRow = UserRow.extend({ revoked: z.union([z.boolean(), z.number()]).transform(Boolean) })

/** The account behind a session, and whether that session was signed out; undefined when there is no such user. */
export async function sessionState(client: ClickHouseClient, db: string, username: string, sessionId: string): Promise<z.infer<typeof SessionRow> | undefined> {
  const [row] = await select(
    client,
    SessionRow,
    `SELECT ${USER_COLUMNS},
            (SELECT count() > 0 FROM {db:Identifier}.revoked_sessions WHERE session_id = {sessionId:String}) AS revoked
     FROM {db:Identifier}.users FINAL WHERE username = {username:String}`,
    { db, username, sessionId },
  )
  return row
}

/** Ends one session (sign-out); the row goes once the token would have expired anyway. */
export async function revokeSession(client: ClickHouseClient, db: string, session: { sessionId: string; username: string; expiresAt: number }, at: number): Promise<void> {
  await client.insert({
    table: '{db:Identifier}.revoked_sessions',
    format: 'JSONEachRow',
    query_params: { db },
    values: [{ session_id: session.sessionId, username: session.username, revoked_at: dbTime(at), expires_at: dbTime(session.expiresAt) }],
  })
}

export async function appendAudit(client: ClickHouseClient, db: string, entry: AuditEntry): Promise<void> {
  await client.insert({
    table: '{db:Identifier}.audit_log',
    format: 'JSONEachRow',
    query_params: { db },
    values: [{ at: dbTime(Date.now()), actor: entry.actor, action: entry.action, target: entry.target, before: JSON.stringify(entry.before ?? null), after: JSON.stringify(entry.after ?? null) }],
  })
}

export interface AuditQuery {
  /** Only entries about this object (a call id, an appeal id, a username…). */
  target?: string
  actor?: string
  /** An action, or a family of them: `appeal` matches appeal.file and appeal.decide. */
  action?: string
  /** Inclusive days `YYYY-MM-DD` in Asia/Shanghai. */
  from?: string
  to?: string
  limit: number
  offset?: number
}

/** Newest first, with the size of the whole match for paging. */
export async function auditLog(client: ClickHouseClient, db: string, q: AuditQuery): Promise<{ total: number; entries: Array<z.infer<typeof AuditRow>> }> {
  const where = [
    q.target !== undefined && 'target = {target:String}',
    q.actor !== undefined && 'actor = {actor:String}',
    q.action !== undefined && "(action = {action:String} OR startsWith(action, concat({action:String}, '.')))",
    q.from !== undefined && "at >= toDateTime64({from:String}, 3, 'Asia/Shanghai')",
    q.to !== undefined && "at < toDateTime64({to:String}, 3, 'Asia/Shanghai') + INTERVAL 1 DAY",
  ].filter((c): c is string => c !== false)
  const rows = await select(
    client,
    AuditRow.extend({ total: z.coerce.number() }),
    // The time is renamed inside: an outer alias \`at\` would shadow the column in the WHERE's time comparisons.
    `SELECT ${isoSql('time', 'UTC')} AS at, actor, action, target, before, after, count() OVER () AS total
     FROM (SELECT at AS time, actor, action, target, before, after FROM {db:Identifier}.audit_log
           WHERE ${where.length > 0 ? where.join(' AND ') : '1'})
     ORDER BY time DESC LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
    { db, ...q, offset: q.offset ?? 0 },
  )
  return { total: rows[0]?.total ?? 0, entries: rows.map(({ total: _, ...entry }) => entry) }
}

export async function listUsers(client: ClickHouseClient, db: string): Promise<UserRow[]> {
  return select(client, UserRow, `SELECT ${USER_COLUMNS} FROM {db:Identifier}.users FINAL ORDER BY role, username`, { db })
}
