import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { Scorecard } from '../../../pipelines/contracts/scorecard.js'
import { select } from './select.js'

/*
 * The review queue and the call page's data. The queue reads each call once, by its latest scorecard, from
 * call_latest (migration 0008), which ClickHouse keeps as scorecards arrive, so no request sorts every scorecard.
 */

export interface QueueQuery {
  /** `queue`: what needs a human (fatal, failed, or sampled); `all`: every scored call. */
  view: 'queue' | 'all'
  /** `pending`: no review of record yet; `reviewed`: has one. */
  status?: 'pending' | 'reviewed'
  /** Only this agent's calls (forced for the agent role). */
  agentId?: string
  teamId?: string
  /** Only calls where this rule failed. */
  ruleId?: string
  /** Only calls assigned to this inspector. */
  assignee?: string
  /** Only calls in the queue for this reason (the sample: 抽检). */
  reason?: 'fatal' | 'failed' | 'sample' | 'pass'
  /** Inclusive, ISO dates or times, read in Asia/Shanghai; a date as `to` takes in that whole day. */
  from?: string
  to?: string
  minScore?: number
  maxScore?: number
  limit: number
  offset: number
}

export interface SamplingPolicy {
  /** Passing calls drawn per agent per week (Monday to Sunday, Asia/Shanghai) for a human look: the centre's 抽检. */
  perAgentWeek: number
  /** Changes which calls are drawn; the draw is a hash, so the same seed always gives the same sample. */
  seed: number
}

export const QueueRow = z.object({
  callId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string(),
  startedAt: z.string(),
  score: z.number(),
  fatal: z.boolean(),
  failedRules: z.array(z.string()),
  /** Why the call is in the queue. */
  reason: z.enum(['fatal', 'failed', 'sample', 'pass']),
  customerNumber: z.string().nullable(),
  reviewedScore: z.number().nullable(),
  reviewer: z.string().nullable(),
  assignee: z.string().nullable(),
})
export type QueueRow = z.infer<typeof QueueRow>

const PageRow = QueueRow.omit({ agentName: true, customerNumber: true }).extend({ total: z.coerce.number() })
const NameRow = z.object({ callId: z.string(), agentName: z.string(), customerNumber: z.string().nullable() })

/**
 * One page of the queue and the size of the whole match. Sampling is a window over each agent's passing calls of
 * a week, drawn in hash order, so it costs no second pass; names and numbers are read for the page's calls only.
 */
export async function reviewQueue(client: ClickHouseClient, db: string, q: QueueQuery, sampling: SamplingPolicy): Promise<{ total: number; calls: QueueRow[] }> {
  const where: string[] = []
  if (q.view === 'queue') where.push("reason != 'pass'")
  if (q.status === 'pending') where.push("r.call_id = ''")
  if (q.status === 'reviewed') where.push("r.call_id != ''")
  if (q.agentId !== undefined) where.push('l.agent_id = {agentId:String}')
  if (q.teamId !== undefined) where.push('l.team_id = {teamId:String}')
  if (q.ruleId !== undefined) where.push('has(l.failed_rules, {ruleId:String})')
  if (q.assignee !== undefined) where.push('a.inspector = {assignee:String}')
  if (q.from !== undefined) where.push("l.started_at >= parseDateTime64BestEffort({from:String}, 3, 'Asia/Shanghai')")
  if (q.reason !== undefined) where.push('reason = {reason:String}')
  if (q.to !== undefined) {
    where.push(
      /^\d{4}-\d{2}-\d{2}$/.test(q.to)
        ? "l.started_at < parseDateTime64BestEffort({to:String}, 3, 'Asia/Shanghai') + INTERVAL 1 DAY"
        : "l.started_at <= parseDateTime64BestEffort({to:String}, 3, 'Asia/Shanghai')",
    )
  }
  if (q.minScore !== undefined) where.push('l.score >= {minScore:Float64}')
  if (q.maxScore !== undefined) where.push('l.score <= {maxScore:Float64}')
  const rows = await select(
    client,
    PageRow,
    `
    SELECT l.call_id AS callId, l.agent_id AS agentId, l.team_id AS teamId, toString(l.started_at) AS startedAt,
           l.score AS score, l.fatal AS fatal, l.failed_rules AS failedRules, l.reason AS reason,
           if(r.call_id = '', NULL, r.reviewed_score) AS reviewedScore, if(r.call_id = '', NULL, r.reviewer) AS reviewer,
           nullIf(a.inspector, '') AS assignee,
           count() OVER () AS total
    FROM (
      SELECT *,
             multiIf(fatal, 'fatal', notEmpty(failed_rules), 'failed',
                     row_number() OVER (PARTITION BY agent_id, toStartOfWeek(started_at, 1), fatal OR notEmpty(failed_rules)
                                        ORDER BY draw) <= {perAgentWeek:UInt32}, 'sample', 'pass') AS reason
      FROM (
        -- The draw is a column of its own: 24.x and 25.x leave a query parameter inside OVER (…) unsubstituted.
        SELECT call_id, toString(agent_id) AS agent_id, toString(team_id) AS team_id, started_at, score, fatal, failed_rules,
               cityHash64(call_id, {seed:UInt64}) AS draw
        FROM {db:Identifier}.call_latest FINAL
        WHERE NOT moved
      )
    ) AS l
    LEFT JOIN (
      SELECT call_id, argMax(reviewed_score, reviewed_at) AS reviewed_score, argMax(reviewer, reviewed_at) AS reviewer
      FROM {db:Identifier}.reviews WHERE kind = 'qa' GROUP BY call_id
    ) AS r ON r.call_id = l.call_id
    LEFT JOIN (
      SELECT call_id, argMax(inspector, assigned_at) AS inspector FROM {db:Identifier}.assignments GROUP BY call_id
    ) AS a ON a.call_id = l.call_id
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY l.fatal DESC, length(l.failed_rules) DESC, l.score ASC, l.started_at DESC, l.call_id ASC
    LIMIT {limit:UInt32} OFFSET {offset:UInt32}
    SETTINGS do_not_merge_across_partitions_select_final = 1`,
    { db, ...q, ...sampling },
  )
  const names = new Map(
    (rows.length === 0
      ? []
      : await select(
          client,
          NameRow,
          `SELECT call_id AS callId, argMax(agent_name, updated_at) AS agentName, argMax(customer_number, updated_at) AS customerNumber
           FROM {db:Identifier}.calls WHERE call_id IN {ids:Array(String)} GROUP BY call_id`,
          { db, ids: rows.map((r) => r.callId) },
        )
    ).map((n) => [n.callId, n]),
  )
  return {
    total: rows[0]?.total ?? 0,
    calls: rows.map(({ total: _, ...row }) => ({ ...row, agentName: names.get(row.callId)?.agentName ?? '', customerNumber: names.get(row.callId)?.customerNumber ?? null })),
  }
}

export const CallRow = z.object({
  callId: z.string(),
  hotline: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string(),
  direction: z.string(),
  startedAt: z.string(),
  ringSeconds: z.number().nullable(),
  durationSeconds: z.number(),
  hangupBy: z.string().nullable(),
  customerNumber: z.string().nullable(),
  recordingUri: z.string().nullable(),
})
export type CallRow = z.infer<typeof CallRow>

export const UtteranceRow = z.object({ idx: z.number(), speaker: z.string(), startMs: z.number(), endMs: z.number(), text: z.string() })
export type UtteranceRow = z.infer<typeof UtteranceRow>

export interface CallRecord {
  call: CallRow
  utterances: UtteranceRow[]
  /** The latest machine scorecard; absent while the call is not scored yet. */
  scorecard?: Scorecard
}

const ScorecardJson = z.object({ scorecard: z.string() })

/** The call, its transcript and its latest scorecard; undefined when the store has no such call. */
export async function callRecord(client: ClickHouseClient, db: string, callId: string): Promise<CallRecord | undefined> {
  const params = { db, callId }
  const [calls, utterances, cards] = await Promise.all([
    select(
      client,
      CallRow,
      `SELECT call_id AS callId, hotline, agent_id AS agentId, agent_name AS agentName, team_id AS teamId, direction,
              toString(started_at) AS startedAt, ring_seconds AS ringSeconds, duration_seconds AS durationSeconds,
              hangup_by AS hangupBy, customer_number AS customerNumber, recording_uri AS recordingUri
       FROM {db:Identifier}.calls WHERE call_id = {callId:String} ORDER BY updated_at DESC LIMIT 1`,
      params,
    ),
    select(
      client,
      UtteranceRow,
      `SELECT idx, speaker, start_ms AS startMs, end_ms AS endMs, text FROM {db:Identifier}.utterances
       WHERE call_id = {callId:String} ORDER BY idx, updated_at DESC LIMIT 1 BY idx`,
      params,
    ),
    select(
      client,
      ScorecardJson,
      `SELECT scorecard FROM {db:Identifier}.scorecards WHERE call_id = {callId:String}
       ORDER BY scored_at DESC, ruleset_version DESC, ruleset_id DESC LIMIT 1`,
      params,
    ),
  ])
  const call = calls[0]
  if (!call) return undefined
  const card = cards[0]
  return { call, utterances, ...(card && { scorecard: Scorecard.parse(JSON.parse(card.scorecard)) }) }
}

/** Which of these call ids the store holds. */
export async function knownCallIds(client: ClickHouseClient, db: string, callIds: readonly string[]): Promise<Set<string>> {
  const rows = await select(client, z.object({ callId: z.string() }), 'SELECT DISTINCT call_id AS callId FROM {db:Identifier}.calls WHERE call_id IN {ids:Array(String)}', { db, ids: callIds })
  return new Set(rows.map((r) => r.callId))
}
