import type { FineScale, SettlementPolicy } from '../contracts/settlement-policy.js'
import {
  MONTH_PATTERN,
  REWARD_KINDS,
  type AgentMonth,
  type AgentSettlement,
  type ReviewedViolation,
  type Settlement,
  type SettlementEvent,
  type SettlementLine,
  type SignOffChecks,
  type SignOffWarning,
  type ViolationTrace,
} from '../contracts/settlement.js'

/*
 * The month's settlement from its confirmed violations, complaints, praise and scores. Pure and deterministic: the
 * same inputs in any order give the same settlement, line for line. Money is counted in fen (integers) and shown
 * in yuan, so no sum drifts by a float's rounding.
 */

export interface SettlementInput {
  month: string
  policy: SettlementPolicy
  /** Identifies the policy text the settlement was computed with. */
  policyDigest: string
  /** Every decision of the month's reviews of record, confirmed or not, with its appeals. */
  violations: readonly ReviewedViolation[]
  events: readonly SettlementEvent[]
  agents: readonly AgentMonth[]
  /** Reviewers' display names by username. */
  reviewerNames?: Readonly<Record<string, string>>
}

// China has kept UTC+8 all year since 1991, so the centre's month is the UTC month of the instant plus eight hours.
const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** `YYYY-MM` of an ISO-8601 instant in Asia/Shanghai. */
export function monthOf(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new Error(`not an ISO-8601 date-time: ${JSON.stringify(iso)}`)
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7)
}

/** A violation counts when its review of record confirmed it and no appeal against it was upheld. */
export function exclusionOf(v: ReviewedViolation): 'overturned' | 'appeal-upheld' | null {
  if (v.verdict !== 'confirmed') return 'overturned'
  return v.appeals.some((a) => a.status === 'upheld') ? 'appeal-upheld' : null
}

const fen = (yuan: number) => Math.round(yuan * 100)
const yuanOf = (fen: number) => fen / 100

function trace({ verdict: _v, agentName: _n, teamId: _t, ...traced }: ReviewedViolation): ViolationTrace {
  return traced
}

const isFatal = (v: ReviewedViolation) => v.ruleResult?.severity === 'fatal'

/** The scale a violation is fined on, and the key its repeats are counted under. */
function scaleOf(policy: SettlementPolicy, v: ReviewedViolation): { scale: FineScale; basis: 'fatal' | 'rule' | 'category' | 'default'; key: string; name?: string } {
  if (isFatal(v) && policy.fines.fatal) return { scale: policy.fines.fatal, basis: 'fatal', key: 'fatal' }
  const own = policy.fines.rules[v.ruleId as keyof typeof policy.fines.rules]
  if (own) return { scale: own, basis: 'rule', key: v.ruleId }
  for (const [key, category] of Object.entries(policy.fines.categories)) {
    if ((category.rules as readonly string[]).includes(v.ruleId)) return { scale: category, basis: 'category', key, ...(category.name !== undefined && { name: category.name }) }
  }
  return { scale: policy.fines.default, basis: 'default', key: v.ruleId }
}

/** Pays up to a monthly cap: what is left of it after what was already paid. */
class Capped {
  private readonly paid = new Map<string, number>()
  take(key: string, wantedFen: number, capYuan: number | undefined): number {
    const before = this.paid.get(key) ?? 0
    const amount = capYuan === undefined ? wantedFen : Math.max(0, Math.min(wantedFen, fen(capYuan) - before))
    this.paid.set(key, before + amount)
    return amount
  }
}

interface Draft {
  agentId: string
  agentName: string
  teamId: string
  month: AgentMonth | undefined
  confirmed: number
  fatal: number
  excluded: AgentSettlement['excluded']
  /** Amounts still in fen. */
  lines: SettlementLine[]
}

const byTime = <T>(at: (x: T) => string, ...tie: Array<(x: T) => string>) =>
  (a: T, b: T): number => {
    const d = Date.parse(at(a)) - Date.parse(at(b))
    if (d !== 0) return d
    for (const k of tie) {
      const c = k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0
      if (c !== 0) return c
    }
    return 0
  }

export function settle(input: SettlementInput): Settlement {
  const { policy, month } = input
  if (!MONTH_PATTERN.test(month)) throw new Error(`month must be YYYY-MM, got ${JSON.stringify(month)}`)
  const drafts = new Map<string, Draft>()
  const agentMonths = new Map(input.agents.map((a) => [a.agentId, a]))
  const draft = (agentId: string, name = '', teamId = ''): Draft => {
    let d = drafts.get(agentId)
    if (!d) {
      const m = agentMonths.get(agentId)
      d = { agentId, agentName: m?.agentName ?? name, teamId: m?.teamId ?? teamId, month: m, confirmed: 0, fatal: 0, excluded: [], lines: [] }
      drafts.set(agentId, d)
    }
    if (d.agentName === '' && name !== '') d.agentName = name
    if (d.teamId === '' && teamId !== '') d.teamId = teamId
    return d
  }
  const withheld = new Map<string, string[]>()
  // Everyone with calls this month is on the sheet, with or without lines.
  for (const a of input.agents) draft(a.agentId, a.agentName, a.teamId)

  const leadsOf = (teamId: string) => policy.teams[teamId]?.leads ?? []
  const teamsWithoutLeads = new Set<string>()
  const leadLine = (teamId: string, agentId: string, amountFen: number, line: Omit<SettlementLine, 'amount' | 'effect' | 'ofAgentId'>) => {
    if (amountFen <= 0) return
    const leads = leadsOf(teamId)
    if (leads.length === 0 && teamId !== '') teamsWithoutLeads.add(teamId)
    for (const lead of leads) {
      if (lead === agentId) continue
      draft(lead, '', teamId).lines.push({ ...line, effect: 'fine', amount: amountFen, ofAgentId: agentId })
    }
  }

  // Violations: the n-th on a scale is the n-th by call start, then call id, then rule id, within the month.
  const inMonth = input.violations.filter((v) => monthOf(v.startedAt) === month)
  const ordered = [...inMonth].sort(byTime((v) => v.startedAt, (v) => v.callId, (v) => v.ruleId))
  const counts = new Map<string, number>()
  const caps = new Capped()
  const memberFines = new Map<string, { teamId: string; fen: number; violations: ViolationTrace[] }>()
  for (const v of ordered) {
    const d = draft(v.agentId, v.agentName, v.teamId)
    const excluded = exclusionOf(v)
    if (excluded) {
      d.excluded.push({ reason: excluded, violation: trace(v) })
      continue
    }
    d.confirmed++
    if (isFatal(v)) d.fatal++
    const { scale, basis, key, name } = scaleOf(policy, v)
    const counter = `${v.agentId}\u0000${basis}\u0000${key}`
    const nth = (counts.get(counter) ?? 0) + 1
    counts.set(counter, nth)
    const ladder = fen(scale.ladder[Math.min(nth, scale.ladder.length) - 1]!)
    const amount = caps.take(counter, ladder, scale.capPerMonth)
    d.lines.push({
      kind: 'violation',
      effect: 'fine',
      amount,
      basis: { scale: basis, key, ...(name !== undefined && { name }), nth, ladderAmount: yuanOf(ladder), capped: amount < ladder },
      violations: [trace(v)],
      events: [],
    })
    if (isFatal(v)) leadLine(v.teamId, v.agentId, fen(policy.teamLeads.perFatalViolation), { kind: 'lead-fatal', violations: [trace(v)], events: [] })
    if (amount > 0 && policy.teamLeads.shareOfFines > 0) {
      const share = memberFines.get(v.agentId) ?? { teamId: v.teamId, fen: 0, violations: [] }
      share.fen += amount
      share.violations.push(trace(v))
      memberFines.set(v.agentId, share)
    }
  }
  // A lead's share of each agent's fines is one line per agent, rounded once.
  for (const [agentId, share] of [...memberFines].sort(([a], [b]) => (a < b ? -1 : 1))) {
    leadLine(share.teamId, agentId, Math.round(share.fen * policy.teamLeads.shareOfFines), { kind: 'lead-share', violations: share.violations, events: [] })
  }

  // Complaints and praise, in the order they happened.
  const events = input.events.filter((e) => monthOf(e.occurredAt) === month).sort(byTime((e) => e.occurredAt, (e) => e.eventId))
  const complaints = new Map<string, SettlementEvent[]>()
  for (const e of events) {
    const d = draft(e.agentId, '', e.teamId)
    const teamId = e.teamId !== '' ? e.teamId : d.teamId
    if (e.kind === 'complaint') {
      complaints.set(e.agentId, [...(complaints.get(e.agentId) ?? []), e])
      const perComplaint = fen(policy.complaints.perComplaint)
      if (perComplaint > 0) d.lines.push({ kind: 'complaint', effect: 'fine', amount: perComplaint, violations: [], events: [e] })
      leadLine(teamId, e.agentId, fen(policy.teamLeads.perComplaint), { kind: 'lead-complaint', violations: [], events: [e] })
    } else if (policy.rewards.praise) {
      const wanted = fen(policy.rewards.praise.perPraise)
      const amount = caps.take(`${e.agentId}\u0000praise`, wanted, policy.rewards.praise.capPerMonth)
      d.lines.push({ kind: 'praise', effect: 'reward', amount, violations: [], events: [e] })
    }
  }
  const monthly = policy.complaints.monthly
  if (monthly) {
    for (const [agentId, list] of complaints) {
      if (list.length >= monthly.count) draft(agentId).lines.push({ kind: 'complaint-monthly', effect: 'fine', amount: fen(monthly.fine), violations: [], events: list })
    }
  }

  // The score reward. Machine results alone never fine anyone, so "no fatal violation" means no confirmed one; but a
  // fatal call nobody has reviewed yet may become one, so it holds the reward back until it is reviewed.
  const reward = policy.rewards.score
  if (reward) {
    for (const d of drafts.values()) {
      const m = d.month
      if (!m || m.averageScore === null || m.calls < reward.minCalls || m.averageScore < reward.minAverage) continue
      if (reward.noFatal && d.fatal > 0) continue
      const pending = m.unreviewedFatalCalls ?? []
      if (reward.noFatal && pending.length > 0) {
        withheld.set(d.agentId, [...pending].sort())
        continue
      }
      d.lines.push({ kind: 'score-reward', effect: 'reward', amount: fen(reward.amount), score: { averageScore: m.averageScore, calls: m.calls }, violations: [], events: [] })
    }
  }

  const agents = [...drafts.values()]
    .sort((a, b) => (a.teamId === b.teamId ? (a.agentId < b.agentId ? -1 : 1) : a.teamId < b.teamId ? -1 : 1))
    .map((d): AgentSettlement => {
      const finesFen = d.lines.filter((l) => !REWARD_KINDS.has(l.kind)).reduce((s, l) => s + l.amount, 0)
      const rewardsFen = d.lines.filter((l) => REWARD_KINDS.has(l.kind)).reduce((s, l) => s + l.amount, 0)
      return {
        agentId: d.agentId,
        agentName: d.agentName,
        teamId: d.teamId,
        calls: d.month?.calls ?? 0,
        reviewedCalls: d.month?.reviewedCalls ?? 0,
        averageScore: d.month?.averageScore ?? null,
        confirmedViolations: d.confirmed,
        fatalViolations: d.fatal,
        excluded: d.excluded,
        lines: d.lines.map((l) => ({ ...l, amount: yuanOf(l.amount) })),
        ...(withheld.has(d.agentId) && { rewardWithheld: { reason: 'unreviewed-fatal' as const, callIds: withheld.get(d.agentId)! } }),
        fines: yuanOf(finesFen),
        rewards: yuanOf(rewardsFen),
        net: yuanOf(rewardsFen - finesFen),
      }
    })
  const finesFen = agents.reduce((s, a) => s + fen(a.fines), 0)
  const rewardsFen = agents.reduce((s, a) => s + fen(a.rewards), 0)
  return {
    month,
    policy: { id: policy.id, version: policy.version, digest: input.policyDigest },
    agents,
    totals: { agents: agents.length, fines: yuanOf(finesFen), rewards: yuanOf(rewardsFen), net: yuanOf(rewardsFen - finesFen) },
    teamsWithoutLeads: [...teamsWithoutLeads].sort(),
    checks: signOffChecks(input, ordered),
    ...(input.reviewerNames && { reviewerNames: Object.fromEntries(Object.entries(input.reviewerNames).filter(([u]) => ordered.some((v) => v.reviewer === u)).sort()) }),
  }
}

function signOffChecks(input: SettlementInput, violations: readonly ReviewedViolation[]): SignOffChecks {
  const openAppeals = violations.flatMap((v) =>
    v.verdict === 'confirmed' ? v.appeals.filter((a) => a.status === 'open').map((a) => ({ appealId: a.appealId, callId: v.callId, ruleId: v.ruleId, agentId: v.agentId })) : [],
  )
  const unreviewedFatal = input.agents.flatMap((a) => (a.unreviewedFatalCalls ?? []).map((callId) => ({ callId, agentId: a.agentId })))
  return {
    calls: input.agents.reduce((n, a) => n + a.calls, 0),
    reviewedCalls: input.agents.reduce((n, a) => n + a.reviewedCalls, 0),
    minReviewedShare: input.policy.signOff.minReviewedShare,
    openAppeals,
    unreviewedFatal: unreviewedFatal.sort((a, b) => (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0)),
  }
}

/** What signing this settlement would override; empty when it is clean. */
export function signOffWarnings(s: Settlement): SignOffWarning[] {
  const c = s.checks
  if (!c) return []
  const warnings: SignOffWarning[] = []
  if (c.openAppeals.length > 0) warnings.push({ kind: 'open-appeals', count: c.openAppeals.length })
  if (c.unreviewedFatal.length > 0) warnings.push({ kind: 'unreviewed-fatal', count: c.unreviewedFatal.length })
  if (c.calls > 0 && c.reviewedCalls < c.minReviewedShare * c.calls) warnings.push({ kind: 'few-reviewed', reviewedCalls: c.reviewedCalls, calls: c.calls, minReviewedShare: c.minReviewedShare })
  return warnings
}
