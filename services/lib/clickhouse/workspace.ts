import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'

/*
 * What the QA workspace reads and writes beside the pipeline's tables: users, the audit trail, and the call list.
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

export interface CallListQuery {
  /** Only this agent's calls (forced for the agent role). */
  agentId?: string
  teamId?: string
  /** Inclusive, ISO dates or times, compared in Asia/Shanghai. */
  from?: string
  to?: string
  minScore?: number
  maxScore?: number
  limit: number
  offset: number
}

export const CallListRow = z.object({
  callId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string(),
  startedAt: z.string(),
  score: z.number(),
  fatal: z.boolean(),
  failedRules: z.number(),
  customerNumber: z.string().nullable(),
})
export type CallListRow = z.infer<typeof CallListRow>

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
        updated_at: Date.now(),
      },
    ],
  })
}

export async function findUser(client: ClickHouseClient, db: string, username: string): Promise<UserRow | undefined> {
  const result = await client.query({
    query: `SELECT username, display_name AS displayName, role, agent_id AS agentId, password_hash AS passwordHash, disabled
            FROM {db:Identifier}.users FINAL WHERE username = {username:String}`,
    query_params: { db, username },
    format: 'JSONEachRow',
  })
  const [row] = z.array(UserRow).parse(await result.json())
  return row
}

export async function appendAudit(client: ClickHouseClient, db: string, entry: AuditEntry): Promise<void> {
  await client.insert({
    table: '{db:Identifier}.audit_log',
    format: 'JSONEachRow',
    query_params: { db },
    values: [{ at: Date.now(), actor: entry.actor, action: entry.action, target: entry.target, before: JSON.stringify(entry.before ?? null), after: JSON.stringify(entry.after ?? null) }],
  })
}

export async function auditLog(client: ClickHouseClient, db: string, limit: number): Promise<Array<z.infer<typeof AuditRow>>> {
  const result = await client.query({
    query: `SELECT toString(at) AS at, actor, action, target, before, after FROM {db:Identifier}.audit_log ORDER BY at DESC LIMIT {limit:UInt32}`,
    query_params: { db, limit },
    format: 'JSONEachRow',
  })
  return z.array(AuditRow).parse(await result.json())
}

/**
 * The review queue's order: fatal calls first, then by how many rules failed, then lowest score; each call once,
 * by its latest scorecard.
 */
export async function listCalls(client: ClickHouseClient, db: string, q: CallListQuery): Promise<CallListRow[]> {
  const where: string[] = []
  if (q.agentId !== undefined) where.push('agent_id = {agentId:String}')
  if (q.teamId !== undefined) where.push('team_id = {teamId:String}')
  if (q.from !== undefined) where.push("started_at >= parseDateTime64BestEffort({from:String}, 3, 'Asia/Shanghai')")
  if (q.to !== undefined) where.push("started_at <= parseDateTime64BestEffort({to:String}, 3, 'Asia/Shanghai')")
  if (q.minScore !== undefined) where.push('score >= {minScore:Float64}')
  if (q.maxScore !== undefined) where.push('score <= {maxScore:Float64}')
  const result = await client.query({
    query: `
      WITH latest AS (
        SELECT call_id, agent_id, team_id, started_at, score, fatal,
               arrayCount(r -> JSONExtractString(r, 'outcome') = 'fail', JSONExtractArrayRaw(scorecard, 'results')) AS failed
        FROM {db:Identifier}.scorecards
        ORDER BY call_id, scored_at DESC, ruleset_version DESC
        LIMIT 1 BY call_id
      )
      SELECT l.call_id AS callId, l.agent_id AS agentId, c.agent_name AS agentName, l.team_id AS teamId,
             toString(l.started_at) AS startedAt, l.score AS score, l.fatal AS fatal, toUInt32(l.failed) AS failedRules,
             c.customer_number AS customerNumber
      FROM (SELECT * FROM latest ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}) AS l
      LEFT JOIN (
        SELECT call_id, argMax(agent_name, updated_at) AS agent_name, argMax(customer_number, updated_at) AS customer_number
        FROM {db:Identifier}.calls GROUP BY call_id
      ) AS c ON c.call_id = l.call_id
      ORDER BY l.fatal DESC, l.failed DESC, l.score ASC, l.call_id ASC
      LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
    query_params: { db, ...q },
    format: 'JSONEachRow',
  })
  return z.array(CallListRow).parse(await result.json())
}
