import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { Verdict } from '../../../pipelines/review/decisions.js'
import { onlyOnce } from './once.js'
import { dbTime, dbTimeOf, isoSql } from './rows.js'
import { select } from './select.js'

/*
 * Reviews, appeals, assignments and calibration rounds (migration 0005). Rows are versioned by their own time
 * column; readers take the newest row per key, since ReplacingMergeTree merges are eventual.
 */

export const ReviewKind = z.enum(['qa', 'calibration'])

const ReviewFields = {
  callId: z.string(),
  kind: ReviewKind,
  /** Empty for a `qa` review. */
  calibrationId: z.string(),
  reviewer: z.string(),
  rulesetId: z.string(),
  rulesetVersion: z.number(),
  agentId: z.string(),
  teamId: z.string(),
  startedAt: z.string(),
  machineScore: z.number(),
  reviewedScore: z.number(),
  fatal: z.boolean(),
  comment: z.string(),
  reviewedAt: z.string(),
  /** Violations the machine missed, added by the reviewer with their evidence. */
  added: z.array(
    z.object({ ruleId: z.string(), deduction: z.number(), fatal: z.boolean(), startMs: z.number(), endMs: z.number(), quote: z.string(), comment: z.string() }),
  ),
}
const StoredDecision = z.object({ ruleId: z.string(), verdict: Verdict, deduction: z.number(), comment: z.string() })

export const ReviewRow = z.object({
  ...ReviewFields,
  /** `deduction` is what counts; `machineDeduction` is there when the reviewer adjusted the machine's. */
  decisions: z.array(StoredDecision.extend({ machineDeduction: z.number().optional() })),
})
export type ReviewRow = z.infer<typeof ReviewRow>

export async function saveReview(client: ClickHouseClient, db: string, review: ReviewRow): Promise<void> {
  await client.insert({
    table: '{db:Identifier}.reviews',
    format: 'JSONEachRow',
    query_params: { db },
    values: [
      {
        call_id: review.callId,
        kind: review.kind,
        calibration_id: review.calibrationId,
        reviewer: review.reviewer,
        ruleset_id: review.rulesetId,
        ruleset_version: review.rulesetVersion,
        agent_id: review.agentId,
        team_id: review.teamId,
        started_at: dbTimeOf(review.startedAt),
        machine_score: review.machineScore,
        reviewed_score: review.reviewedScore,
        fatal: review.fatal,
        decisions: review.decisions.map((d) => ({ rule_id: d.ruleId, verdict: d.verdict, deduction: d.deduction, comment: d.comment })),
        adjusted: review.decisions.flatMap((d) => (d.machineDeduction === undefined ? [] : [{ rule_id: d.ruleId, machine_deduction: d.machineDeduction }])),
        added: review.added.map((a) => ({ rule_id: a.ruleId, deduction: a.deduction, fatal: a.fatal, start_ms: a.startMs, end_ms: a.endMs, quote: a.quote, comment: a.comment })),
        comment: review.comment,
        reviewed_at: dbTimeOf(review.reviewedAt),
      },
    ],
  })
}

const REVIEW_COLUMNS = `call_id AS callId, kind, calibration_id AS calibrationId, reviewer, ruleset_id AS rulesetId,
  ruleset_version AS rulesetVersion, agent_id AS agentId, team_id AS teamId, ${isoSql('started_at', 'Asia/Shanghai')} AS startedAt,
  machine_score AS machineScore, reviewed_score AS reviewedScore, fatal,
  arrayMap(d -> CAST((d.rule_id, d.verdict, d.deduction, d.comment), 'Tuple(ruleId String, verdict String, deduction Float64, comment String)'), decisions) AS decisions,
  arrayMap(a -> CAST((a.rule_id, a.machine_deduction), 'Tuple(ruleId String, machineDeduction Float64)'), adjusted) AS adjusted,
  arrayMap(a -> CAST((a.rule_id, a.deduction, a.fatal, a.start_ms, a.end_ms, a.quote, a.comment),
                     'Tuple(ruleId String, deduction Float64, fatal Bool, startMs UInt32, endMs UInt32, quote String, comment String)'), added) AS added,
  comment, ${isoSql('reviewed_at', 'UTC')} AS reviewedAt`

// As stored: the adjustments in a column of their own, merged into their decisions on the way out.
const StoredReview = z
  .object({ ...ReviewFields, decisions: z.array(StoredDecision), adjusted: z.array(z.object({ ruleId: z.string(), machineDeduction: z.number() })) })
  .transform(({ adjusted, decisions, ...review }): ReviewRow => {
    const machine = new Map(adjusted.map((a) => [a.ruleId, a.machineDeduction]))
    return { ...review, decisions: decisions.map((d) => ({ ...d, ...(machine.has(d.ruleId) && { machineDeduction: machine.get(d.ruleId) }) })) }
  })

/** Every current review of a call (qa and calibration), newest first. */
export async function reviewsOf(client: ClickHouseClient, db: string, callId: string): Promise<ReviewRow[]> {
  return select(
    client,
    StoredReview,
    `SELECT ${REVIEW_COLUMNS} FROM {db:Identifier}.reviews WHERE call_id = {callId:String}
     ORDER BY reviewed_at DESC LIMIT 1 BY kind, calibration_id, reviewer`,
    { db, callId },
  )
}

export const AppealStatus = z.enum(['open', 'upheld', 'rejected'])

export const AppealRow = z.object({
  appealId: z.string(),
  callId: z.string(),
  ruleId: z.string(),
  agentId: z.string(),
  teamId: z.string(),
  startedAt: z.string(),
  /** Who confirmed the violation: they may not decide the appeal. */
  reviewer: z.string(),
  reason: z.string(),
  filedBy: z.string(),
  filedAt: z.string(),
  status: AppealStatus,
  decidedBy: z.string(),
  decisionComment: z.string(),
  decidedAt: z.string().nullable(),
})
export type AppealRow = z.infer<typeof AppealRow>

/** `decision` names an only-once decision this row makes (once.ts); read the appeal back to learn whether it landed. */
export async function saveAppeal(client: ClickHouseClient, db: string, appeal: AppealRow, decision?: string): Promise<void> {
  await client.insert({
    ...(decision !== undefined && onlyOnce(decision)),
    table: '{db:Identifier}.appeals',
    format: 'JSONEachRow',
    query_params: { db },
    values: [
      {
        appeal_id: appeal.appealId,
        call_id: appeal.callId,
        rule_id: appeal.ruleId,
        agent_id: appeal.agentId,
        team_id: appeal.teamId,
        started_at: dbTimeOf(appeal.startedAt),
        reviewer: appeal.reviewer,
        reason: appeal.reason,
        filed_by: appeal.filedBy,
        filed_at: dbTimeOf(appeal.filedAt),
        status: appeal.status,
        decided_by: appeal.decidedBy,
        decision_comment: appeal.decisionComment,
        decided_at: appeal.decidedAt === null ? null : dbTimeOf(appeal.decidedAt),
        updated_at: dbTimeOf(appeal.decidedAt ?? appeal.filedAt),
      },
    ],
  })
}

export interface AppealQuery {
  appealId?: string
  callId?: string
  agentId?: string
  status?: z.infer<typeof AppealStatus>
  limit: number
}

/** Current state of each appeal, oldest filed first (the order a supervisor works through them). */
export async function listAppeals(client: ClickHouseClient, db: string, q: AppealQuery): Promise<AppealRow[]> {
  const where = (['appealId', 'callId', 'agentId', 'status'] as const)
    .filter((k) => q[k] !== undefined)
    .map((k) => `${k} = {${k}:String}`)
  return select(
    client,
    AppealRow,
    `SELECT * FROM (
       SELECT appeal_id AS appealId, call_id AS callId, rule_id AS ruleId, agent_id AS agentId, team_id AS teamId,
              ${isoSql('started_at', 'Asia/Shanghai')} AS startedAt, reviewer, reason, filed_by AS filedBy,
              ${isoSql('filed_at', 'UTC')} AS filedAt, status, decided_by AS decidedBy,
              decision_comment AS decisionComment,
              if(isNull(decided_at), NULL, ${isoSql('assumeNotNull(decided_at)', 'UTC')}) AS decidedAt
       FROM {db:Identifier}.appeals
       ${q.appealId === undefined ? '' : 'WHERE appeal_id = {appealId:String}'}
       ORDER BY updated_at DESC LIMIT 1 BY appeal_id
     )
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY filedAt, appealId LIMIT {limit:UInt32}`,
    { db, ...q },
  )
}

export async function assignCalls(client: ClickHouseClient, db: string, callIds: readonly string[], inspector: string, assignedBy: string, at: number): Promise<void> {
  await client.insert({
    table: '{db:Identifier}.assignments',
    format: 'JSONEachRow',
    query_params: { db },
    values: callIds.map((callId) => ({ call_id: callId, inspector, assigned_by: assignedBy, assigned_at: dbTime(at) })),
  })
}

export const CalibrationRow = z.object({
  calibrationId: z.string(),
  callId: z.string(),
  title: z.string(),
  inspectors: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
})
export type CalibrationRow = z.infer<typeof CalibrationRow>

export async function saveCalibration(client: ClickHouseClient, db: string, c: CalibrationRow): Promise<void> {
  await client.insert({
    table: '{db:Identifier}.calibrations',
    format: 'JSONEachRow',
    query_params: { db },
    values: [{ calibration_id: c.calibrationId, call_id: c.callId, title: c.title, inspectors: c.inspectors, created_by: c.createdBy, created_at: dbTimeOf(c.createdAt) }],
  })
}

/** Newest first; `inspector` keeps only the rounds they are in. */
export async function listCalibrations(client: ClickHouseClient, db: string, q: { calibrationId?: string; inspector?: string }): Promise<CalibrationRow[]> {
  return select(
    client,
    CalibrationRow,
    `SELECT * FROM (
       SELECT calibration_id AS calibrationId, call_id AS callId, title, inspectors, created_by AS createdBy,
              ${isoSql('created_at', 'UTC')} AS createdAt
       FROM {db:Identifier}.calibrations ORDER BY created_at DESC LIMIT 1 BY calibration_id
     )
     WHERE ${q.calibrationId === undefined ? '1' : 'calibrationId = {calibrationId:String}'}
       AND ${q.inspector === undefined ? '1' : 'has(inspectors, {inspector:String})'}
     ORDER BY createdAt DESC LIMIT 500`,
    { db, ...q },
  )
}
