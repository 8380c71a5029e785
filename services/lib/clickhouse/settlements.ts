import { createHash } from 'node:crypto'
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { Evidence, Severity } from '../../../pipelines/contracts/scorecard.js'
import {
  AgentMonth,
  MONTH_PATTERN,
  Settlement,
  SettlementEvent,
  SettlementVersion,
  ReviewedViolation,
} from '../../../pipelines/contracts/settlement.js'
import { UserError } from '../errors.js'
import { dbTime, dbTimeOf, isoSql } from './rows.js'
import { select } from './select.js'
import { appendAudit } from './workspace.js'

/*
 * What a month's settlement reads (reviews of record, appeals, rule results, scores, complaints and praise) and its
 * versions (migration 0006). Every value goes through query_params; readers take the newest row per key.
 */

/** A settlement operation that the stored state forbids (signing twice, signing an old version): a 409 in the API. */
export class SettlementStateError extends UserError {}

export interface SettlementInputs {
  violations: ReviewedViolation[]
  events: SettlementEvent[]
  agents: AgentMonth[]
}

function monthParam(month: string): number {
  const match = MONTH_PATTERN.exec(month)
  if (!match) throw new UserError(`month must be YYYY-MM, got ${JSON.stringify(month)}`)
  return Number(`${match[1]}${match[2]}`)
}

// A call's review of record: its newest qa review, whoever wrote it (a reviewer re-reviewing replaces their own row,
// a second reviewer adds one). Calls are picked by the month first so the partitions of other months are skipped,
// then the newest review is chosen, then the month is checked again on that review's started_at.
const REVIEWS_OF_RECORD = `
  SELECT call_id, reviewer, ruleset_id, ruleset_version, agent_id, team_id, started_at, reviewed_score, decisions, reviewed_at
  FROM {db:Identifier}.reviews
  WHERE kind = 'qa' AND call_id IN (SELECT call_id FROM {db:Identifier}.reviews WHERE kind = 'qa' AND toYYYYMM(started_at) = {month:UInt32})
  ORDER BY call_id, reviewed_at DESC, reviewer DESC
  LIMIT 1 BY call_id`

// A violation as the contract has it, with its rule result still in columns (evidence as stored JSON).
const DecisionRow = ReviewedViolation.omit({ ruleResult: true }).extend({
  hasResult: z.union([z.boolean(), z.number()]).transform(Boolean),
  severity: Severity.nullable(),
  deduction: z.number(),
  evidence: z.string(),
})

// Each decision of a review of record joined to the exact rule result it judged (the reviewed scorecard's ruleset
// id and version, newest copy) and to the current state of every appeal against the same call and rule.
const DECISIONS_SQL = `
  WITH
    record AS (${REVIEWS_OF_RECORD}),
    decided AS (
      SELECT call_id, reviewer, ruleset_id, ruleset_version, agent_id, team_id, started_at, reviewed_at,
             d.rule_id AS rule_id, d.verdict AS verdict, d.comment AS comment
      FROM record ARRAY JOIN decisions AS d
      WHERE toYYYYMM(started_at) = {month:UInt32}
    ),
    results AS (
      SELECT call_id, ruleset_id, ruleset_version, rule_id, severity, deduction, evidence
      FROM {db:Identifier}.rule_results
      WHERE call_id IN (SELECT call_id FROM decided)
      ORDER BY call_id, ruleset_id, ruleset_version, rule_id, scored_at DESC
      LIMIT 1 BY call_id, ruleset_id, ruleset_version, rule_id
    ),
    -- Named as the tuple's elements: 24.8 casts a tuple of columns to a named tuple by name, not by position.
    appeal_states AS (
      SELECT appeal_id AS appealId, call_id, rule_id, status
      FROM {db:Identifier}.appeals
      WHERE call_id IN (SELECT call_id FROM decided)
      ORDER BY appealId, updated_at DESC
      LIMIT 1 BY appealId
    ),
    appeals_by_rule AS (
      SELECT call_id, rule_id,
             arraySort(x -> x.appealId, groupArray(CAST((appealId, status), 'Tuple(appealId String, status String)'))) AS appeals
      FROM appeal_states
      GROUP BY call_id, rule_id
    ),
    names AS (
      SELECT call_id, argMax(agent_name, updated_at) AS agent_name
      FROM {db:Identifier}.calls
      WHERE call_id IN (SELECT call_id FROM decided)
      GROUP BY call_id
    )
  SELECT d.call_id AS callId, d.agent_id AS agentId, n.agent_name AS agentName, d.team_id AS teamId,
         ${isoSql('d.started_at', 'Asia/Shanghai')} AS startedAt, d.rule_id AS ruleId, d.verdict AS verdict,
         d.reviewer AS reviewer, ${isoSql('d.reviewed_at', 'UTC')} AS reviewedAt, d.comment AS comment,
         d.ruleset_id AS rulesetId, d.ruleset_version AS rulesetVersion,
         r.call_id != '' AS hasResult, r.severity AS severity, r.deduction AS deduction, r.evidence AS evidence,
         a.appeals AS appeals
  FROM decided AS d
  LEFT JOIN results AS r
    ON r.call_id = d.call_id AND r.ruleset_id = d.ruleset_id AND r.ruleset_version = d.ruleset_version AND r.rule_id = d.rule_id
  LEFT JOIN appeals_by_rule AS a ON a.call_id = d.call_id AND a.rule_id = d.rule_id
  LEFT JOIN names AS n ON n.call_id = d.call_id
  ORDER BY d.started_at, d.call_id, d.rule_id`

// Each call of the month once, by its latest scorecard. The score that counts toward the month's average is the
// reviewed score when the call has a review of record (an inspector's judgement outranks the machine's) and the
// latest machine score otherwise, so an unreviewed month still has an average.
const AGENTS_SQL = `
  WITH
    latest AS (
      SELECT call_id, agent_id, team_id, started_at, score
      FROM {db:Identifier}.scorecards
      WHERE call_id IN (SELECT call_id FROM {db:Identifier}.scorecards WHERE toYYYYMM(started_at) = {month:UInt32})
      ORDER BY call_id, scored_at DESC, ruleset_version DESC, ruleset_id DESC
      LIMIT 1 BY call_id
    ),
    in_month AS (SELECT * FROM latest WHERE toYYYYMM(started_at) = {month:UInt32}),
    record AS (
      SELECT call_id, reviewed_score FROM {db:Identifier}.reviews
      WHERE kind = 'qa' AND call_id IN (SELECT call_id FROM in_month)
      ORDER BY call_id, reviewed_at DESC, reviewer DESC
      LIMIT 1 BY call_id
    ),
    names AS (
      SELECT call_id, argMax(agent_name, updated_at) AS agent_name
      FROM {db:Identifier}.calls
      WHERE call_id IN (SELECT call_id FROM in_month)
      GROUP BY call_id
    )
  SELECT m.agent_id AS agentId, argMax(n.agent_name, m.started_at) AS agentName, argMax(m.team_id, m.started_at) AS teamId,
         toUInt32(count()) AS calls, toUInt32(countIf(r.call_id != '')) AS reviewedCalls,
         avg(if(r.call_id != '', r.reviewed_score, m.score)) AS averageScore
  FROM in_month AS m
  LEFT JOIN record AS r ON r.call_id = m.call_id
  LEFT JOIN names AS n ON n.call_id = m.call_id
  GROUP BY agentId
  ORDER BY agentId`

const EVENTS_SQL = `
  SELECT eventId, kind, agentId, teamId, occurredAt, callId, note, recordedBy
  FROM (
    SELECT event_id AS eventId, kind, agent_id AS agentId, team_id AS teamId,
           ${isoSql('occurred_at', 'Asia/Shanghai')} AS occurredAt, occurred_at,
           call_id AS callId, note, recorded_by AS recordedBy, withdrawn
    FROM {db:Identifier}.settlement_events
    ORDER BY event_id, recorded_at DESC
    LIMIT 1 BY event_id
  )
  WHERE NOT withdrawn AND toYYYYMM(occurred_at) = {month:UInt32}
  ORDER BY occurred_at, eventId`

/** Everything a month's settlement is computed from; see pipelines/settlement/settle.ts for what counts. */
export async function settlementInputs(client: ClickHouseClient, db: string, month: string): Promise<SettlementInputs> {
  const params = { db, month: monthParam(month) }
  const decisions = await select(client, DecisionRow, DECISIONS_SQL, params)
  const violations = decisions.map(({ hasResult, severity, deduction, evidence, ...d }): ReviewedViolation => ({
    ...d,
    ruleResult: hasResult ? { severity, deduction, evidence: z.array(Evidence).parse(JSON.parse(evidence)) } : null,
  }))
  const agents = await select(client, AgentMonth, AGENTS_SQL, params)
  const events = await select(client, SettlementEvent, EVENTS_SQL, params)
  return { violations, events, agents }
}

/** Idempotent: an event saved again replaces itself; `withdrawn` takes back one recorded by mistake. */
export async function saveSettlementEvents(client: ClickHouseClient, db: string, items: ReadonlyArray<{ event: SettlementEvent; withdrawn: boolean }>): Promise<void> {
  if (items.length === 0) return
  const now = Date.now()
  await client.insert({
    table: '{db:Identifier}.settlement_events',
    format: 'JSONEachRow',
    query_params: { db },
    values: items.map(({ event: e, withdrawn }) => ({
      event_id: e.eventId,
      kind: e.kind,
      agent_id: e.agentId,
      team_id: e.teamId,
      occurred_at: dbTimeOf(e.occurredAt),
      call_id: e.callId,
      note: e.note,
      recorded_by: e.recordedBy,
      withdrawn,
      recorded_at: dbTime(now),
    })),
  })
}

const VersionRow = z.object({
  month: z.string(),
  version: z.number(),
  status: z.enum(['draft', 'signed']),
  digest: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  signedBy: z.string(),
  signedAt: z.string().nullable(),
  settlement: z.string(),
})

// Per version, the first signature when there is one (it carries the settlement that was signed), else the draft.
const VERSIONS_SQL = (where: string) => `
  SELECT month, version, status, digest, created_by AS createdBy, ${isoSql('created_at', 'UTC')} AS createdAt,
         signed_by AS signedBy, if(isNull(signed_at), NULL, ${isoSql('assumeNotNull(signed_at)', 'UTC')}) AS signedAt,
         settlement
  FROM {db:Identifier}.settlements
  WHERE ${where}
  ORDER BY month DESC, version DESC, status = 'signed' DESC, signed_at ASC, created_at DESC
  LIMIT 1 BY month, version`

function toVersion(row: z.infer<typeof VersionRow>): SettlementVersion {
  return {
    month: row.month,
    version: row.version,
    status: row.status,
    digest: row.digest,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    signedBy: row.status === 'signed' ? row.signedBy : null,
    signedAt: row.signedAt,
    settlement: Settlement.parse(JSON.parse(row.settlement)),
  }
}

/** Every version of a month (or of every month), newest first. */
export async function settlementVersions(client: ClickHouseClient, db: string, month?: string): Promise<SettlementVersion[]> {
  if (month !== undefined) monthParam(month)
  const rows = await select(client, VersionRow, VERSIONS_SQL(month === undefined ? '1' : 'month = {month:String}'), { db, month })
  return rows.map(toVersion)
}

export async function settlementVersion(client: ClickHouseClient, db: string, month: string, version: number): Promise<SettlementVersion | undefined> {
  monthParam(month)
  const [row] = await select(client, VersionRow, VERSIONS_SQL('month = {month:String} AND version = {version:UInt32}'), { db, month, version })
  return row && toVersion(row)
}

async function insertVersion(client: ClickHouseClient, db: string, v: SettlementVersion, at: { createdAt: number; signedAt: number | null }): Promise<void> {
  const s = v.settlement
  await client.insert({
    table: '{db:Identifier}.settlements',
    format: 'JSONEachRow',
    query_params: { db },
    values: [
      {
        month: v.month,
        version: v.version,
        status: v.status,
        policy_id: s.policy.id,
        policy_version: s.policy.version,
        policy_digest: s.policy.digest,
        digest: v.digest,
        settlement: JSON.stringify(s),
        total_fines: s.totals.fines,
        total_rewards: s.totals.rewards,
        agents: s.totals.agents,
        created_by: v.createdBy,
        created_at: dbTime(at.createdAt),
        signed_by: v.signedBy ?? '',
        signed_at: at.signedAt === null ? null : dbTime(at.signedAt),
      },
    ],
  })
}

async function newestVersion(client: ClickHouseClient, db: string, month: string): Promise<number> {
  const [row] = await select(client, z.object({ version: z.number() }), 'SELECT toUInt32(max(version)) AS version FROM {db:Identifier}.settlements WHERE month = {month:String}', {
    db,
    month,
  })
  return row?.version ?? 0
}

/** Saves a computed settlement as the month's next version, a draft. Earlier versions, signed or not, stay as they are. */
export async function saveSettlement(client: ClickHouseClient, db: string, settlement: Settlement, createdBy: string): Promise<SettlementVersion> {
  const s = Settlement.parse(settlement)
  const version = (await newestVersion(client, db, s.month)) + 1
  const createdAt = Date.now()
  const saved: SettlementVersion = {
    month: s.month,
    version,
    status: 'draft',
    digest: createHash('sha256').update(JSON.stringify(s)).digest('hex'),
    createdBy,
    createdAt: new Date(createdAt).toISOString(),
    signedBy: null,
    signedAt: null,
    settlement: s,
  }
  await insertVersion(client, db, saved, { createdAt, signedAt: null })
  return saved
}

/**
 * Signs the month's newest version. A signed version is final: signing it again, or signing any version but the
 * newest, is refused; a correction is saved as a new version and signed in its turn. `expectedDigest`, when given,
 * must be the digest of the version the signer was shown.
 */
export async function signSettlement(
  client: ClickHouseClient,
  db: string,
  month: string,
  version: number,
  signer: string,
  expectedDigest?: string,
): Promise<SettlementVersion> {
  const current = await settlementVersion(client, db, month, version)
  if (!current) throw new SettlementStateError(`settlement ${month} has no version ${version}`)
  if (current.status === 'signed') {
    throw new SettlementStateError(
      `settlement ${month} version ${version} was signed by ${current.signedBy} at ${current.signedAt} and can no longer change; save a correction as a new version`,
    )
  }
  const newest = await newestVersion(client, db, month)
  if (version !== newest) throw new SettlementStateError(`settlement ${month} version ${version} is not the newest (${newest}); sign version ${newest}`)
  if (expectedDigest !== undefined && expectedDigest !== current.digest) {
    throw new SettlementStateError(`settlement ${month} version ${version} is not the one shown (digest ${current.digest.slice(0, 12)}…); reload it`)
  }
  const signedAt = Date.now()
  const signed: SettlementVersion = { ...current, status: 'signed', signedBy: signer, signedAt: new Date(signedAt).toISOString() }
  await insertVersion(client, db, signed, { createdAt: Date.parse(current.createdAt), signedAt })
  await appendAudit(client, db, {
    actor: signer,
    action: 'settlement.sign',
    target: `settlement:${month}:v${version}`,
    before: { status: 'draft', digest: current.digest },
    after: { status: 'signed', digest: current.digest, totals: current.settlement.totals, policy: current.settlement.policy },
  })
  return signed
}
