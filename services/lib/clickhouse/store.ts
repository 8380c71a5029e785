import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import type { StoreConfig } from '../config/store.js'
import { databaseOf, insertJsonRows, openClickHouse } from './client.js'
import { migrate } from './migrate.js'
import { select } from './select.js'
import { appendAudit, auditLog, findUser, listUsers, revokeSession, saveUser, sessionState, type AuditEntry, type AuditQuery, type UserInput, type UserRow } from './workspace.js'
import { callRecord, knownCallIds, reviewQueue, type CallRecord, type QueueQuery, type QueueRow, type SamplingPolicy } from './queue.js'
import { storedTranscript } from './transcripts.js'
import {
  assignCalls,
  listAppeals,
  listCalibrations,
  reviewsOf,
  saveAppeal,
  saveCalibration,
  saveReview,
  type AppealQuery,
  type AppealRow,
  type CalibrationRow,
  type ReviewRow,
} from './reviews.js'
import {
  saveSettlement,
  saveSettlementEvents,
  settlementInputs,
  settlementVersion,
  settlementVersions,
  signSettlement,
  type SettlementInputs,
} from './settlements.js'
import type { Settlement, SettlementEvent, SettlementVersion } from '../../../pipelines/contracts/settlement.js'
import { MONTH } from './period.js'
import type { Call } from '../../../pipelines/contracts/call.js'
import { insertScorecardRows, nextPage, rescoreCounts, rulesetDiff, storedCallsNdjson, type RescoreRange, type RulesetDiffRows, type RulesetRef } from './rescore.js'
import type { Transcript } from '../../../pipelines/contracts/transcript.js'
import { monthsWithCalls, panelData, type PanelId, type PanelParams, type PanelRows } from './dashboards.js'
import {
  AgentReportRow,
  appendScorecardRows,
  appendTranscriptRows,
  CountRow,
  dbTime,
  dbTimeOf,
  toInsertRows,
  type AttributedScorecard,
  type EpochMs,
  type InsertRows,
  type ScoredCall,
  type ScorecardRows,
} from './rows.js'

export type { AgentReportRow, AttributedScorecard, ScoredCall, ScorecardRows, StoredCallRow } from './rows.js'
export type { RescoreRange, RulesetDiffRows, RulesetRef } from './rescore.js'

export interface CallStatus {
  callId: string
  stage: 'transcribe'
  status: 'done' | 'failed'
  /** Why it failed, in words for an operator; empty when done. */
  reason: string
  recordingUri: string
}

const StatusRow = z.object({ call_id: z.string(), status: z.enum(['done', 'failed']), reason: z.string() })

export interface AgentReportOptions {
  /** `YYYY-MM`, a calendar month in Asia/Shanghai; absent → all months. */
  month?: string
}

export interface Store {
  /** Migrations this open applied (empty when the schema was already current). */
  readonly appliedMigrations: readonly string[]
  /** Idempotent: saving an item again, or an older result of it, never changes what is read. */
  saveScored(items: readonly ScoredCall[]): Promise<void>
  /** Transcripts alone (the pipeline's sink); `version` (epoch ms) decides between two versions of a call. */
  saveTranscripts(items: ReadonlyArray<{ transcript: Transcript; version: EpochMs }>): Promise<void>
  /** Scorecards alone (the pipeline's sink), with when each call entered the pipeline; idempotent like saveScored. */
  saveScorecards(items: ReadonlyArray<{ card: AttributedScorecard; enteredAt: EpochMs | null }>): Promise<void>
  /** One row per team and agent, sorted by teamId then agentId, counting each call's latest scorecard once. */
  agentReport(opts?: AgentReportOptions): Promise<AgentReportRow[]>
  /** Idempotent: the newest status of a call in a stage wins. */
  saveCallStatus(items: readonly CallStatus[]): Promise<void>
  /** The current status of each of these calls in a stage; calls never seen are absent. */
  callStatuses(stage: CallStatus['stage'], callIds: readonly string[]): Promise<Map<string, Pick<CallStatus, 'status' | 'reason'>>>
  /**
   * A CDR feed: every call offered to the hotline, answered or not (unanswered calls have no recording). Only this
   * tells the answer rate about unanswered calls; saving a CDR again changes nothing.
   */
  saveCdrs(calls: readonly Call[]): Promise<void>
  /** One monthly dashboard panel's rows (dashboards.ts). */
  panelData<P extends PanelId>(panelId: P, params: PanelParams): Promise<PanelRows<P>>
  /** The months (`YYYY-MM`, Asia/Shanghai) that have calls, oldest first; one agent's only with `agentId`. */
  monthsWithCalls(agentId?: string): Promise<string[]>
  /** Distinct scorecards: one per call per ruleset version. */
  countScorecards(): Promise<number>
  /** Re-scoring (rescore.ts): how many calls the range holds and how many already have a scorecard of `target`. */
  rescoreCounts(range: RescoreRange, target: RulesetRef): Promise<{ calls: number; done: number }>
  /** The last call id of the next page of the range after `after`; undefined when there is none. */
  nextRescorePage(range: RescoreRange, after: string, limit: number): Promise<string | undefined>
  /** The page's calls without a scorecard of `target`, as NDJSON StoredCallRow lines. */
  storedCalls(page: RescoreRange & { after: string; last: string }, target: RulesetRef): Promise<Buffer>
  /** Scorecard rows already serialised (by the scoring threads); idempotent like saveScorecards. */
  saveScorecardRows(rows: ScorecardRows): Promise<void>
  /** What changed between two ruleset versions' scorecards of the same calls. */
  rulesetDiff(from: RulesetRef, to: RulesetRef, range?: RescoreRange): Promise<RulesetDiffRows>
  /** The QA workspace's users and audit trail (workspace.ts). */
  saveUser(user: UserInput): Promise<void>
  findUser(username: string): Promise<UserRow | undefined>
  listUsers(): Promise<UserRow[]>
  /** The account behind a session and whether the session was signed out. */
  sessionState(username: string, sessionId: string): ReturnType<typeof sessionState>
  revokeSession(session: { sessionId: string; username: string; expiresAt: number }, at: number): Promise<void>
  appendAudit(entry: AuditEntry): Promise<void>
  auditLog(query: AuditQuery): ReturnType<typeof auditLog>
  /** The review queue and the call page (queue.ts). */
  reviewQueue(query: QueueQuery, sampling: SamplingPolicy): Promise<{ total: number; calls: QueueRow[] }>
  callRecord(callId: string): Promise<CallRecord | undefined>
  /** The call's stored Transcript (its newest version), to score again; undefined when there is no such call. */
  storedTranscript(callId: string): Promise<Transcript | undefined>
  /** Which of these call ids the store holds. */
  knownCallIds(callIds: readonly string[]): Promise<Set<string>>
  /** Reviews, appeals, assignments and calibration rounds (reviews.ts). */
  saveReview(review: ReviewRow): Promise<void>
  reviewsOf(callId: string): Promise<ReviewRow[]>
  /** `decision` makes the row an only-once decision (once.ts): of concurrent attempts one lands; read back to see which. */
  saveAppeal(appeal: AppealRow, decision?: string): Promise<void>
  listAppeals(query: AppealQuery): Promise<AppealRow[]>
  assignCalls(callIds: readonly string[], inspector: string, assignedBy: string, at: number): Promise<void>
  saveCalibration(calibration: CalibrationRow): Promise<void>
  listCalibrations(query: { calibrationId?: string; inspector?: string }): Promise<CalibrationRow[]>
  /** Monthly settlements (settlements.ts): their inputs, complaints and praise, and signed versions. */
  settlementInputs(month: string): Promise<SettlementInputs>
  saveSettlementEvents(items: ReadonlyArray<{ event: SettlementEvent; withdrawn: boolean }>): Promise<void>
  saveSettlement(settlement: Settlement, createdBy: string): Promise<SettlementVersion>
  signSettlement(month: string, version: number, signer: string, expectedDigest?: string, signOff?: SettlementVersion['signOff']): Promise<SettlementVersion>
  settlementVersions(month?: string): Promise<SettlementVersion[]>
  settlementVersion(month: string, version: number): Promise<SettlementVersion | undefined>
  close(): Promise<void>
}

export async function openStore(config: StoreConfig): Promise<Store> {
  const client = openClickHouse(config)
  const db = databaseOf(config)
  try {
    const appliedMigrations = await migrate(client, db)
    return {
      appliedMigrations,
      saveScored: async (items) => insertRows(client, db, toInsertRows(items)),
      saveTranscripts: async (items) => {
        const rows = { calls: [], utterances: [], scorecards: [], ruleResults: [] }
        for (const { transcript, version } of items) appendTranscriptRows(rows, transcript, version)
        return insertRows(client, db, rows)
      },
      saveScorecards: async (items) => {
        const rows = { calls: [], utterances: [], scorecards: [], ruleResults: [] }
        for (const { card, enteredAt } of items) appendScorecardRows(rows, card, enteredAt)
        return insertRows(client, db, rows)
      },
      saveCallStatus: async (items) => {
        if (items.length === 0) return
        const now = Date.now()
        const values = items.map((item) => ({
          call_id: item.callId,
          stage: item.stage,
          status: item.status,
          reason: item.reason,
          recording_uri: item.recordingUri,
          updated_at: dbTime(now),
        }))
        await client.insert({ table: '{db:Identifier}.call_status', values, format: 'JSONEachRow', query_params: { db } })
      },
      callStatuses: async (stage, callIds) => {
        const rows = await select(
          client,
          StatusRow,
          `SELECT call_id, argMax(status, updated_at) AS status, argMax(reason, updated_at) AS reason
           FROM {db:Identifier}.call_status
           WHERE stage = {stage:String} AND call_id IN {ids:Array(String)}
           GROUP BY call_id`,
          { db, stage, ids: callIds },
        )
        return new Map(rows.map((r) => [r.call_id, { status: r.status, reason: r.reason }]))
      },
      saveCdrs: async (calls) => {
        if (calls.length === 0) return
        const now = Date.now()
        const values = calls.map((call) => ({
          call_id: call.callId,
          hotline: call.hotline,
          agent_id: call.agentId,
          team_id: call.teamId,
          started_at: dbTimeOf(call.startedAt),
          answered: call.answered ?? true,
          ring_seconds: call.ringSeconds ?? null,
          source: 'cdr',
          updated_at: dbTime(now),
        }))
        await client.insert({ table: '{db:Identifier}.cdrs', values, format: 'JSONEachRow', query_params: { db } })
      },
      panelData: (panelId, params) => panelData(client, db, panelId, params),
      monthsWithCalls: (agentId) => monthsWithCalls(client, db, agentId),
      agentReport: (opts = {}) => agentReport(client, db, opts),
      countScorecards: () => countScorecards(client, db),
      rescoreCounts: (range, target) => rescoreCounts(client, db, range, target),
      nextRescorePage: (range, after, limit) => nextPage(client, db, range, after, limit),
      storedCalls: (page, target) => storedCallsNdjson(client, db, page, target),
      saveScorecardRows: (rows) => insertScorecardRows(client, db, rows),
      rulesetDiff: (from, to, range) => rulesetDiff(client, db, from, to, range),
      saveUser: (user) => saveUser(client, db, user),
      findUser: (username) => findUser(client, db, username),
      appendAudit: (entry) => appendAudit(client, db, entry),
      listUsers: () => listUsers(client, db),
      sessionState: (username, sessionId) => sessionState(client, db, username, sessionId),
      revokeSession: (session, at) => revokeSession(client, db, session, at),
      auditLog: (query) => auditLog(client, db, query),
      reviewQueue: (query, sampling) => reviewQueue(client, db, query, sampling),
      callRecord: (callId) => callRecord(client, db, callId),
      storedTranscript: (callId) => storedTranscript(client, db, callId),
      knownCallIds: (callIds) => knownCallIds(client, db, callIds),
      saveReview: (review) => saveReview(client, db, review),
      reviewsOf: (callId) => reviewsOf(client, db, callId),
      saveAppeal: (appeal, decision) => saveAppeal(client, db, appeal, decision),
      listAppeals: (query) => listAppeals(client, db, query),
      assignCalls: (callIds, inspector, assignedBy, at) => assignCalls(client, db, callIds, inspector, assignedBy, at),
      saveCalibration: (calibration) => saveCalibration(client, db, calibration),
      listCalibrations: (query) => listCalibrations(client, db, query),
      settlementInputs: (month) => settlementInputs(client, db, month),
      saveSettlementEvents: (items) => saveSettlementEvents(client, db, items),
      saveSettlement: (settlement, createdBy) => saveSettlement(client, db, settlement, createdBy),
      signSettlement: (month, version, signer, expectedDigest, signOff) => signSettlement(client, db, month, version, signer, expectedDigest, signOff),
      settlementVersions: (month) => settlementVersions(client, db, month),
      settlementVersion: (month, version) => settlementVersion(client, db, month, version),
      close: () => client.close(),
    }
  } catch (err) {
    await client.close()
    throw err
  }
}

// Scorecards go last: a report reads rule results through their scorecard, so a crash midway leaves nothing that
// a report would count, and the redelivery that follows completes the item. Both go through their input tables
// (migration 0012).
async function insertRows(client: ClickHouseClient, db: string, rows: InsertRows): Promise<void> {
  await insertJsonRows(client, db, 'calls', rows.calls)
  await insertJsonRows(client, db, 'utterances', rows.utterances)
  await insertJsonRows(client, db, 'rule_results_input', rows.ruleResults)
  await insertJsonRows(client, db, 'scorecards_input', rows.scorecards)
  await retireMovedCalls(client, db, [...new Set(rows.scorecards.map((s) => s.call_id))])
}

/*
 * call_latest keeps a call's latest scorecard per month partition (migration 0008). When a corrected CDR moves a call
 * into another month, its row in the month it left would still count there: this writes, over that row and in its
 * partition, a copy marked moved with the new scorecard's version, which the dashboards and the queue leave out. A
 * call moved back later gets a newer row there, which wins over the mark. One primary-key read per batch, and a
 * write only for calls that moved; a crash before it leaves the old row until the batch is delivered again.
 */
async function retireMovedCalls(client: ClickHouseClient, db: string, callIds: readonly string[]): Promise<void> {
  if (callIds.length === 0) return
  await client.command({
    query: `
      INSERT INTO {db:Identifier}.call_latest
        (call_id, version, ruleset_id, ruleset_version, agent_id, team_id, started_at, score, fatal, agent_chars_per_minute, overtalk_count, failed_rules, scored_at, moved)
      SELECT o.call_id, n.newest, o.ruleset_id, o.ruleset_version, o.agent_id, o.team_id, o.started_at, o.score, o.fatal,
             o.agent_chars_per_minute, o.overtalk_count, o.failed_rules, o.scored_at, true
      FROM (
        SELECT * FROM {db:Identifier}.call_latest FINAL WHERE call_id IN {ids:Array(String)} AND NOT moved
        SETTINGS do_not_merge_across_partitions_select_final = 1
      ) AS o
      INNER JOIN (
        SELECT call_id, max(version) AS newest, argMax(started_at, version) AS now_at
        FROM {db:Identifier}.call_latest WHERE call_id IN {ids:Array(String)} GROUP BY call_id
      ) AS n ON n.call_id = o.call_id
      WHERE toYYYYMM(o.started_at) != toYYYYMM(n.now_at) AND o.version < n.newest`,
    query_params: { db, ids: callIds },
  })
}

async function countScorecards(client: ClickHouseClient, db: string): Promise<number> {
  const [row] = await select(
    client,
    CountRow,
    'SELECT toUInt32(uniqExact(call_id, ruleset_id, ruleset_version)) AS count FROM {db:Identifier}.scorecards',
    { db },
  )
  return row?.count ?? 0
}

function monthCondition(month: string | undefined): { sql: string; params: { month?: number } } {
  if (month === undefined) return { sql: '1', params: {} }
  const match = MONTH.exec(month)
  if (!match) throw new Error(`month must be YYYY-MM, got ${JSON.stringify(month)}`)
  return { sql: 'toYYYYMM(started_at) = {month:UInt32}', params: { month: Number(`${match[1]}${match[2]}`) } }
}

async function agentReport(client: ClickHouseClient, db: string, opts: AgentReportOptions): Promise<AgentReportRow[]> {
  const month = monthCondition(opts.month)
  return select(client, AgentReportRow, agentReportSql(month.sql), { db, ...month.params })
}

// `latest` keeps one scorecard per call, the newest scored_at across ruleset versions, so neither a second copy of
// a row (merges are eventual) nor a re-score counts twice. It picks before it filters by month: a call re-saved
// with a corrected started_at counts in its new month only. Rule results are joined on that scorecard's exact
// version and counted per distinct call for the same reasons; the IN lets the primary key skip other calls.
function agentReportSql(inMonth: string): string {
  return `
    WITH
      latest AS (
        SELECT *
        FROM (
          SELECT call_id, ruleset_id, ruleset_version, scored_at, agent_id, team_id, started_at,
                 score, fatal, agent_chars_per_minute, overtalk_count
          FROM {db:Identifier}.scorecards
          ORDER BY call_id, scored_at DESC, ruleset_version DESC, ruleset_id DESC
          LIMIT 1 BY call_id
        )
        WHERE ${inMonth}
      ),
      names AS (
        SELECT call_id, argMax(agent_name, updated_at) AS agent_name
        FROM {db:Identifier}.calls
        WHERE call_id IN (SELECT call_id FROM latest)
        GROUP BY call_id
      ),
      failed AS (
        SELECT l.team_id AS team, l.agent_id AS agent, r.rule_id AS rule, uniqExact(r.call_id) AS calls
        FROM {db:Identifier}.rule_results AS r
        INNER JOIN latest AS l
          ON r.call_id = l.call_id AND r.ruleset_id = l.ruleset_id
         AND r.ruleset_version = l.ruleset_version AND r.scored_at = l.scored_at
        WHERE r.outcome = 'fail' AND r.call_id IN (SELECT call_id FROM latest)
        GROUP BY team, agent, rule
      ),
      failed_by_agent AS (
        SELECT team, agent,
               arraySort(x -> (-x.count, x.ruleId),
                         groupArray(CAST((rule, toUInt32(calls)), 'Tuple(ruleId String, count UInt32)'))) AS rules
        FROM failed
        GROUP BY team, agent
      ),
      per_agent AS (
        SELECT l.team_id AS team, l.agent_id AS agent,
               argMax(n.agent_name, l.started_at) AS name,
               toUInt32(count()) AS calls,
               avg(l.score) AS avg_score,
               min(l.score) AS min_score,
               toUInt32(countIf(l.fatal)) AS fatal_calls,
               avg(l.agent_chars_per_minute) AS avg_cpm,
               toUInt32(ifNull(sum(l.overtalk_count), 0)) AS overtalk
        FROM latest AS l
        LEFT JOIN names AS n ON n.call_id = l.call_id
        GROUP BY team, agent
      )
    SELECT a.agent AS agentId, a.name AS agentName, a.team AS teamId, a.calls AS calls,
           a.avg_score AS avgScore, a.min_score AS minScore, a.fatal_calls AS fatalCalls,
           f.rules AS failedRules, a.avg_cpm AS avgAgentCharsPerMinute, a.overtalk AS overtalkCount
    FROM per_agent AS a
    LEFT JOIN failed_by_agent AS f ON f.team = a.team AND f.agent = a.agent
    ORDER BY teamId, agentId`
}
