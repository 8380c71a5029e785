import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { dbTime } from './rows.js'
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
})
export type UserRow = z.infer<typeof UserRow>

export interface AuditEntry {
  actor: string
  action: string
  target: string
  /** JSON of the state before and after; `null` when there was none. */
  before: unknown
  after: unknown
}

export const AuditRow = z.object({ at: z.string(), actor: z.string(), action: z.string(), target: z.string(), before: z.string(), after: z.string() })

export async function saveUser(client: ClickHouseClient, db: string, user: UserRow): Promise<void> {
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
        updated_at: dbTime(Date.now()),
      },
    ],
  })
}

export async function findUser(client: ClickHouseClient, db: string, username: string): Promise<UserRow | undefined> {
  const [row] = await select(
    client,
    UserRow,
    `SELECT username, display_name AS displayName, role, agent_id AS agentId, password_hash AS passwordHash, disabled
     FROM {db:Identifier}.users FINAL WHERE username = {username:String}`,
    { db, username },
  )
  return row
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
  limit: number
}

/** Newest first. */
export async function auditLog(client: ClickHouseClient, db: string, q: AuditQuery): Promise<Array<z.infer<typeof AuditRow>>> {
  return select(
    client,
    AuditRow,
    `SELECT toString(at) AS at, actor, action, target, before, after FROM {db:Identifier}.audit_log
     WHERE ${q.target === undefined ? '1' : 'target = {target:String}'} ORDER BY at DESC LIMIT {limit:UInt32}`,
    { db, ...q },
  )
}

export const PublicUserRow = UserRow.omit({ passwordHash: true })

export async function listUsers(client: ClickHouseClient, db: string): Promise<Array<z.infer<typeof PublicUserRow>>> {
  return select(
    client,
    PublicUserRow,
    `SELECT username, display_name AS displayName, role, agent_id AS agentId, disabled
     FROM {db:Identifier}.users FINAL ORDER BY role, username`,
    { db },
  )
}
