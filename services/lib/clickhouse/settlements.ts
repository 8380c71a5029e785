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
import { UserError, type Said } from '../errors.js'
import { onlyOnce } from './once.js'
import { dbTime, dbTimeOf, isoSql } from './rows.js'
import { select } from './select.js'
import { finalScore, ruleStandings } from '../../../pipelines/review/outcome.js'
import { appendAudit, listUsers } from './workspace.js'

/*
 * What a month's settlement reads (reviews of record, appeals, rule results, scores, complaints and praise) and its
 * versions (migration 0006). Every value goes through query_params; readers take the newest row per key.
 */

/** A settlement operation that the stored state forbids (signing twice, signing an old version): a 409 in the API. */
export class SettlementStateError extends UserError {
  constructor(readonly said: Said) {
    super(said.en)
  }
}

export interface SettlementInputs {
  violations: ReviewedViolation[]
  events: SettlementEvent[]
  agents: AgentMonth[]
  /** Reviewers' display names by username, for the exports. */
  reviewerNames: Record<string, string>
}

function monthParam(month: string): number {
  const match = MONTH_PATTERN.exec(month)
  if (!match) throw new UserError(`month must be YYYY-MM, got ${JSON.stringify(month)}`)
  return Number(`${match[1]}${match[2]}`)
}

// The month's calls by their current CDR (the newest calls row): a call whose start was corrected into another month,
// or that was reassigned to another agent, counts there and for them, its review and fines with it. Calls are picked
// by the month first so the partitions of other months are only read for those calls, then the month is checked
// again on the newest row.
const CURRENT_CALLS = `
  SELECT call_id, argMax(agent_id, updated_at) AS agent_id, argMax(agent_name, updated_at) AS agent_name,
         toString(argMax(team_id, updated_at)) AS team_id, argMax(started_at, updated_at) AS started_at
  FROM {db:Identifier}.calls
  WHERE call_id IN (SELECT call_id FROM {db:Identifier}.calls WHERE toYYYYMM(started_at) = {month:UInt32})
  GROUP BY call_id
  HAVING toYYYYMM(started_at) = {month:UInt32}`

// A call's review of record: its newest qa review, whoever wrote it (a reviewer re-reviewing replaces their own row,
// a second reviewer adds one).
const REVIEWS_OF_RECORD = `
  SELECT call_id, reviewer, ruleset_id, ruleset_version, reviewed_score, decisions, added, reviewed_at
  FROM {db:Identifier}.reviews
  WHERE kind = 'qa' AND call_id IN (SELECT call_id FROM current)
  ORDER BY call_id, reviewed_at DESC, reviewer DESC
  LIMIT 1 BY call_id`

// Each reviewed call of the month with its review of record, the rule results it judged (the reviewed scorecard's
// ruleset id and version, newest copy; evidence as stored JSON) and the current state of every appeal against it.
const RECORDS_SQL = `
  WITH
    current AS (${CURRENT_CALLS}),
    record AS (${REVIEWS_OF_RECORD}),
    -- Tuples named as their elements: 24.8 casts a tuple of columns to a named tuple by name, not by position.
    results AS (
      SELECT call_id, ruleset_id, ruleset_version,
             groupArray(CAST((ruleId, severityName, deduction, evidence), 'Tuple(ruleId String, severityName String, deduction Float64, evidence String)')) AS results
      FROM (
        SELECT call_id, ruleset_id, ruleset_version, rule_id, toString(rule_id) AS ruleId, ifNull(toString(severity), '') AS severityName, deduction, evidence
        FROM {db:Identifier}.rule_results
        WHERE call_id IN (SELECT call_id FROM record)
        ORDER BY call_id, ruleset_id, ruleset_version, rule_id, scored_at DESC
        LIMIT 1 BY call_id, ruleset_id, ruleset_version, rule_id
      )
      GROUP BY call_id, ruleset_id, ruleset_version
    ),
    appeal_states AS (
      SELECT call_id, groupArray(CAST((appealId, ruleId, status), 'Tuple(appealId String, ruleId String, status String)')) AS appeals
      FROM (
        SELECT appeal_id AS appealId, call_id, toString(rule_id) AS ruleId, status
        FROM {db:Identifier}.appeals
        WHERE call_id IN (SELECT call_id FROM record)
        ORDER BY appealId, updated_at DESC
        LIMIT 1 BY appealId
      )
      GROUP BY call_id
    )
  SELECT c.call_id AS callId, c.agent_id AS agentId, c.agent_name AS agentName, c.team_id AS teamId,
         ${isoSql('c.started_at', 'Asia/Shanghai')} AS startedAt,
         r.reviewer AS reviewer, ${isoSql('r.reviewed_at', 'UTC')} AS reviewedAt,
         toString(r.ruleset_id) AS rulesetId, r.ruleset_version AS rulesetVersion, r.reviewed_score AS reviewedScore,
         arrayMap(d -> CAST((d.rule_id, d.verdict, d.deduction, d.comment), 'Tuple(ruleId String, verdict String, deduction Float64, comment String)'), r.decisions) AS decisions,
         arrayMap(a -> CAST((a.rule_id, a.deduction, a.fatal, a.start_ms, a.end_ms, a.quote, a.comment),
                            'Tuple(ruleId String, deduction Float64, fatal Bool, startMs UInt32, endMs UInt32, quote String, comment String)'), r.added) AS added,
         x.results AS results, y.appeals AS appeals
  FROM record AS r
  INNER JOIN current AS c ON c.call_id = r.call_id
  LEFT JOIN results AS x ON x.call_id = r.call_id AND x.ruleset_id = r.ruleset_id AND x.ruleset_version = r.ruleset_version
  LEFT JOIN appeal_states AS y ON y.call_id = r.call_id
  ORDER BY c.started_at, c.call_id`

const RecordRow = z.object({
  callId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string(),
  startedAt: z.string(),
  reviewer: z.string(),
  reviewedAt: z.string(),
  rulesetId: z.string(),
  rulesetVersion: z.number(),
  reviewedScore: z.number(),
  decisions: z.array(z.object({ ruleId: z.string(), verdict: z.enum(['confirmed', 'overturned']), deduction: z.number(), comment: z.string() })),
  added: z.array(z.object({ ruleId: z.string(), deduction: z.number(), fatal: z.boolean(), startMs: z.number(), endMs: z.number(), quote: z.string(), comment: z.string() })),
  results: z.array(z.object({ ruleId: z.string(), severityName: z.string(), deduction: z.number(), evidence: z.string() })),
  appeals: z.array(z.object({ appealId: z.string(), ruleId: z.string(), status: z.enum(['open', 'upheld', 'rejected']) })),
})
type RecordRow = z.infer<typeof RecordRow>

// Per agent, each call of the month once (by its current CDR and latest scorecard): how many, how many reviewed, the
// sum of the scores that count (reviewed, else machine), and the fatal calls nobody has reviewed.
const AGENTS_SQL = `
  WITH
    current AS (${CURRENT_CALLS}),
    record AS (${REVIEWS_OF_RECORD}),
    latest AS (
      SELECT call_id, score, fatal
      FROM {db:Identifier}.scorecards
      WHERE call_id IN (SELECT call_id FROM current)
      ORDER BY call_id, scored_at DESC, ruleset_version DESC, ruleset_id DESC
      LIMIT 1 BY call_id
    )
  SELECT c.agent_id AS agentId, argMax(c.agent_name, c.started_at) AS agentName, argMax(c.team_id, c.started_at) AS teamId,
         toUInt32(count()) AS calls, toUInt32(countIf(r.call_id != '')) AS reviewedCalls,
         sum(if(r.call_id != '', r.reviewed_score, s.score)) AS scoreSum,
         arraySort(groupArrayIf(c.call_id, s.fatal AND r.call_id = '')) AS unreviewedFatalCalls
  FROM current AS c
  INNER JOIN latest AS s ON s.call_id = c.call_id
  LEFT JOIN record AS r ON r.call_id = c.call_id
  GROUP BY agentId
  ORDER BY agentId`

const AgentRow = AgentMonth.omit({ averageScore: true }).extend({ scoreSum: z.number(), unreviewedFatalCalls: z.array(z.string()) })

/** The decisions and additions of a review of record as the settlement's violations. */
function violationsOf(r: RecordRow): ReviewedViolation[] {
  const results = new Map(r.results.map((x) => [x.ruleId, x]))
  const base = { callId: r.callId, agentId: r.agentId, agentName: r.agentName, teamId: r.teamId, startedAt: r.startedAt, reviewer: r.reviewer, reviewedAt: r.reviewedAt, rulesetId: r.rulesetId, rulesetVersion: r.rulesetVersion }
  const appealsOf = (ruleId: string) => r.appeals.filter((a) => a.ruleId === ruleId).map(({ appealId, status }) => ({ appealId, status })).sort((a, b) => (a.appealId < b.appealId ? -1 : 1))
  return [
    ...r.decisions.map((d): ReviewedViolation => {
      const result = results.get(d.ruleId)
      return {
        ...base,
        ruleId: d.ruleId,
        verdict: d.verdict,
        comment: d.comment,
        ruleResult: result ? { severity: Severity.nullable().parse(result.severityName || null), deduction: result.deduction, evidence: z.array(Evidence).parse(JSON.parse(result.evidence)) } : null,
        appeals: appealsOf(d.ruleId),
        source: 'machine',
        deduction: d.deduction,
      }
    }),
    ...r.added.map((a): ReviewedViolation => ({
      ...base,
      ruleId: a.ruleId,
      verdict: 'confirmed',
      comment: a.comment,
      ruleResult: { severity: a.fatal ? 'fatal' : 'major', deduction: a.deduction, evidence: [{ startMs: a.startMs, endMs: a.endMs, speaker: 'agent', ...(a.quote !== '' && { text: a.quote }), note: a.comment }] },
      appeals: appealsOf(a.ruleId),
      source: 'inspector',
      deduction: a.deduction,
    })),
  ].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))
}

/** What upheld appeals gave back to a reviewed call's score: its score now less the review's own. */
function givenBack(r: RecordRow): number {
  const severity = new Map(r.results.map((x) => [x.ruleId, x.severityName]))
  const rules = ruleStandings(r, (ruleId) => severity.get(ruleId), r.appeals)
  return finalScore(r, rules) - r.reviewedScore
}

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
  const records = await select(client, RecordRow, RECORDS_SQL, params)
  const back = new Map<string, number>()
  for (const r of records) back.set(r.agentId, (back.get(r.agentId) ?? 0) + givenBack(r))
  const agents = (await select(client, AgentRow, AGENTS_SQL, params)).map(({ scoreSum, ...a }): AgentMonth => ({
    ...a,
    // To one decimal, as the meeting reads it; the score reward is judged on this same number.
    averageScore: a.calls === 0 ? null : Math.round(((scoreSum + (back.get(a.agentId) ?? 0)) / a.calls) * 10) / 10,
  }))
  const events = await select(client, SettlementEvent, EVENTS_SQL, params)
  const reviewerNames = Object.fromEntries((await listUsers(client, db)).map((u) => [u.username, u.displayName || u.username]))
  return { violations: records.flatMap(violationsOf), events, agents, reviewerNames }
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
  signOff: z.string(),
  settlement: z.string(),
})

// Per version, the first signature when there is one (it carries the settlement that was signed), else the draft.
const VERSIONS_SQL = (where: string) => `
  SELECT month, version, status, digest, created_by AS createdBy, ${isoSql('created_at', 'UTC')} AS createdAt,
         signed_by AS signedBy, if(isNull(signed_at), NULL, ${isoSql('assumeNotNull(signed_at)', 'UTC')}) AS signedAt,
         sign_off AS signOff, settlement
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
    signOff: row.status === 'signed' && row.signOff !== '' ? SettlementVersion.shape.signOff.parse(JSON.parse(row.signOff)) : null,
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

async function insertVersion(client: ClickHouseClient, db: string, v: SettlementVersion, at: { createdAt: number; signedAt: number | null }, decision: string): Promise<void> {
  const s = v.settlement
  await client.insert({
    ...onlyOnce(decision),
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
        sign_off: v.signOff ? JSON.stringify(v.signOff) : '',
      },
    ],
  })
}

/** SHA-256 of the settlement as stored (its contract's field order): what a signer saw is what they signed. */
export function settlementDigest(settlement: Settlement): string {
  return createHash('sha256').update(JSON.stringify(Settlement.parse(settlement))).digest('hex')
}

async function newestVersion(client: ClickHouseClient, db: string, month: string): Promise<number> {
  const [row] = await select(client, z.object({ version: z.number() }), 'SELECT toUInt32(max(version)) AS version FROM {db:Identifier}.settlements WHERE month = {month:String}', {
    db,
    month,
  })
  return row?.version ?? 0
}

/**
 * Saves a computed settlement as the month's next version, a draft. Earlier versions, signed or not, stay as they
 * are. Concurrent drafts of one month get consecutive numbers: a number is taken only once (once.ts), and a draft
 * whose number someone else took tries the next.
 */
export async function saveSettlement(client: ClickHouseClient, db: string, settlement: Settlement, createdBy: string): Promise<SettlementVersion> {
  const s = Settlement.parse(settlement)
  const digest = settlementDigest(s)
  for (let attempt = 0; attempt < 100; attempt++) {
    const version = (await newestVersion(client, db, s.month)) + 1
    const createdAt = Date.now()
    const saved: SettlementVersion = {
      month: s.month,
      version,
      status: 'draft',
      digest,
      createdBy,
      createdAt: new Date(createdAt).toISOString(),
      signedBy: null,
      signedAt: null,
      signOff: null,
      settlement: s,
    }
    await insertVersion(client, db, saved, { createdAt, signedAt: null }, `settlement-version:${s.month}:${version}`)
    const landed = await settlementVersion(client, db, s.month, version)
    if (landed && landed.createdAt === saved.createdAt && landed.createdBy === createdBy && landed.digest === digest) return saved
  }
  throw new Error(`settlement ${s.month}: no free version number after 100 attempts`)
}

/**
 * Signs the month's newest version. A signed version is final: signing it again, or signing any version but the
 * newest, is refused; a correction is saved as a new version and signed in its turn. `expectedDigest`, when given,
 * must be the digest of the version the signer was shown. `signOff` records the warnings the signer overrode and why.
 */
export async function signSettlement(
  client: ClickHouseClient,
  db: string,
  month: string,
  version: number,
  signer: string,
  expectedDigest?: string,
  signOff: SettlementVersion['signOff'] = null,
): Promise<SettlementVersion> {
  const current = await settlementVersion(client, db, month, version)
  if (!current) throw new SettlementStateError({ zh: `${month} 的结算没有第 ${version} 版`, en: `settlement ${month} has no version ${version}` })
  if (current.status === 'signed') {
    throw new SettlementStateError({
      zh: `${month} 第 ${version} 版已由 ${current.signedBy} 签发，不能再改；更正请生成新版本`,
      en: `settlement ${month} version ${version} was signed by ${current.signedBy} at ${current.signedAt} and can no longer change; save a correction as a new version`,
    })
  }
  const newest = await newestVersion(client, db, month)
  if (version !== newest) throw new SettlementStateError({ zh: `${month} 第 ${version} 版不是最新版（最新为第 ${newest} 版），请签发最新版`, en: `settlement ${month} version ${version} is not the newest (${newest}); sign version ${newest}` })
  if (expectedDigest !== undefined && expectedDigest !== current.digest) {
    throw new SettlementStateError({ zh: `${month} 第 ${version} 版与页面显示的不一致，请刷新后再签发`, en: `settlement ${month} version ${version} is not the one shown (digest ${current.digest.slice(0, 12)}…); reload it` })
  }
  const signedAt = Date.now()
  const signed: SettlementVersion = { ...current, status: 'signed', signedBy: signer, signedAt: new Date(signedAt).toISOString(), signOff }
  await insertVersion(client, db, signed, { createdAt: Date.parse(current.createdAt), signedAt }, `settlement-sign:${month}:${version}`)
  // Of signers at the same moment, one signature lands; the others learn whose it is.
  const landed = await settlementVersion(client, db, month, version)
  if (landed?.status !== 'signed' || landed.signedBy !== signer || landed.signedAt !== signed.signedAt) {
    const by = landed?.signedBy ?? 'someone else'
    throw new SettlementStateError({ zh: `${month} 第 ${version} 版刚刚已由 ${by} 签发，不能再改`, en: `settlement ${month} version ${version} was just signed by ${by}; it can no longer change` })
  }
  await appendAudit(client, db, {
    actor: signer,
    action: 'settlement.sign',
    target: `settlement:${month}:v${version}`,
    before: { status: 'draft', digest: current.digest },
    after: { status: 'signed', digest: current.digest, totals: current.settlement.totals, policy: current.settlement.policy, ...(signOff && { override: signOff }) },
  })
  return signed
}
