import { z } from 'zod'
import { Evidence, Severity } from './scorecard.js'

/*
 * A month's settlement (../shared/RULES.md "奖优罚劣"): per agent, each fine and reward with what it rests on.
 * Public: the API returns it, the store keeps it as JSON in each version, the exports render it. Amounts are yuan.
 * Evolution: add optional fields only.
 */

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/
export const Month = z.string().regex(MONTH_PATTERN, 'a month as YYYY-MM, e.g. 2026-10')

/** A complaint against an agent or a customer's praise of one: recorded by people, not found in the calls. */
export const SettlementEvent = z.object({
  eventId: z.string().min(1),
  kind: z.enum(['complaint', 'praise']),
  agentId: z.string().min(1),
  /** Empty when not known; the agent's team of the month is used then. */
  teamId: z.string(),
  /** ISO-8601 with an offset; its month in Asia/Shanghai is the month it counts in. */
  occurredAt: z.string(),
  /** The call it is about, if any. */
  callId: z.string(),
  note: z.string(),
  recordedBy: z.string(),
})
export type SettlementEvent = z.infer<typeof SettlementEvent>

/** One decision of a call's review of record, with the machine's rule result behind it and any appeals against it. */
export const ReviewedViolation = z.object({
  callId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string(),
  startedAt: z.string(),
  ruleId: z.string(),
  verdict: z.enum(['confirmed', 'overturned']),
  reviewer: z.string(),
  reviewedAt: z.string(),
  comment: z.string(),
  rulesetId: z.string(),
  rulesetVersion: z.number().int(),
  /** The reviewed scorecard's result for the rule; null when the store holds none. */
  ruleResult: z.object({ severity: Severity.nullable(), deduction: z.number(), evidence: z.array(Evidence) }).nullable(),
  /** The current state of each appeal against this (call, rule). */
  appeals: z.array(z.object({ appealId: z.string(), status: z.enum(['open', 'upheld', 'rejected']) })),
  /** Found by the machine, or added by the reviewer (漏检); absent in settlements made before reviewers could add. */
  source: z.enum(['machine', 'inspector']).optional(),
  /** The points it deducts as reviewed (the reviewer's adjustment, else the machine's). */
  deduction: z.number().optional(),
})
export type ReviewedViolation = z.infer<typeof ReviewedViolation>

/**
 * An agent's month for rewards. The average (to one decimal) is over the agent's calls of the month by their current
 * CDR, each call counted once: with its reviewed score when it has a review of record (less what upheld appeals gave
 * back) and its latest machine score otherwise.
 */
export const AgentMonth = z.object({
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string(),
  calls: z.number().int(),
  reviewedCalls: z.number().int(),
  averageScore: z.number().nullable(),
  /** Calls the machine found fatal that nobody has reviewed yet: they hold back the score reward. */
  unreviewedFatalCalls: z.array(z.string()).optional(),
})
export type AgentMonth = z.infer<typeof AgentMonth>

export const LineKind = z.enum([
  'violation',
  'complaint',
  'complaint-monthly',
  'lead-fatal',
  'lead-complaint',
  'lead-share',
  'score-reward',
  'praise',
])
export type LineKind = z.infer<typeof LineKind>

export const REWARD_KINDS: ReadonlySet<LineKind> = new Set(['score-reward', 'praise'])

/** Where a violation's fine came from: the scale, the n-th violation on it this month, and a cap that cut it. */
export const FineBasis = z.object({
  scale: z.enum(['fatal', 'rule', 'category', 'default']),
  /** The rule id, or the category's key; "fatal" for the fatal scale. */
  key: z.string(),
  /** The category's name in the policy (服务态度), for people. */
  name: z.string().optional(),
  nth: z.number().int().min(1),
  ladderAmount: z.number(),
  capped: z.boolean(),
})

export const ViolationTrace = ReviewedViolation.omit({ verdict: true, agentName: true, teamId: true })
export type ViolationTrace = z.infer<typeof ViolationTrace>

export const SettlementLine = z.object({
  kind: LineKind,
  effect: z.enum(['fine', 'reward']),
  /** Yuan, never negative: `effect` says which way it goes. */
  amount: z.number().min(0),
  basis: FineBasis.optional(),
  /** Whose violation or complaint a lead's line is for. */
  ofAgentId: z.string().optional(),
  /** For a score reward: the month's average and the calls it is over. */
  score: z.object({ averageScore: z.number(), calls: z.number().int() }).optional(),
  violations: z.array(ViolationTrace),
  events: z.array(SettlementEvent),
})
export type SettlementLine = z.infer<typeof SettlementLine>

export const AgentSettlement = AgentMonth.extend({
  confirmedViolations: z.number().int(),
  fatalViolations: z.number().int(),
  /** Decisions of the month that do not count, and why: traced like the rest. */
  excluded: z.array(z.object({ reason: z.enum(['overturned', 'appeal-upheld']), violation: ViolationTrace })),
  lines: z.array(SettlementLine),
  /** A score reward the month's average earned but that waits for the fatal calls to be reviewed. */
  rewardWithheld: z.object({ reason: z.literal('unreviewed-fatal'), callIds: z.array(z.string()) }).optional(),
  fines: z.number(),
  rewards: z.number(),
  /** rewards − fines */
  net: z.number(),
})
export type AgentSettlement = z.infer<typeof AgentSettlement>

/** What a supervisor should know before signing: it is also what the signature must override when it is not clean. */
export const SignOffChecks = z.object({
  calls: z.number().int(),
  reviewedCalls: z.number().int(),
  /** The policy's least share of reviewed calls below which signing needs an override. */
  minReviewedShare: z.number(),
  /** Appeals still open against the month's confirmed violations: their fines may yet fall. */
  openAppeals: z.array(z.object({ appealId: z.string(), callId: z.string(), ruleId: z.string(), agentId: z.string() })),
  /** Calls the machine found fatal that nobody has reviewed. */
  unreviewedFatal: z.array(z.object({ callId: z.string(), agentId: z.string() })),
})
export type SignOffChecks = z.infer<typeof SignOffChecks>

export const SignOffWarning = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('open-appeals'), count: z.number().int() }),
  z.object({ kind: z.literal('unreviewed-fatal'), count: z.number().int() }),
  z.object({ kind: z.literal('few-reviewed'), reviewedCalls: z.number().int(), calls: z.number().int(), minReviewedShare: z.number() }),
])
export type SignOffWarning = z.infer<typeof SignOffWarning>

export const Settlement = z.object({
  month: Month,
  policy: z.object({ id: z.string(), version: z.number().int(), digest: z.string() }),
  agents: z.array(AgentSettlement),
  totals: z.object({ agents: z.number().int(), fines: z.number(), rewards: z.number(), net: z.number() }),
  /** Teams with lead liability this month but no leads in the policy: nobody was charged for them. */
  teamsWithoutLeads: z.array(z.string()),
  /** Absent in settlements made before sign-off checks. */
  checks: SignOffChecks.optional(),
  /** Reviewers' display names by username, for people reading the exports. */
  reviewerNames: z.record(z.string(), z.string()).optional(),
})
export type Settlement = z.infer<typeof Settlement>

/** A saved settlement: drafts are never changed; a signed version is final, and a correction is a new version. */
export const SettlementVersion = z.object({
  month: Month,
  version: z.number().int().min(1),
  status: z.enum(['draft', 'signed']),
  /** SHA-256 of the settlement JSON: what a signer saw is what they signed. */
  digest: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
  /** Signed despite warnings: which, and the signer's reason (audited too). */
  signOff: z.object({ warnings: z.array(SignOffWarning), reason: z.string() }).nullable().optional(),
  settlement: Settlement,
})
export type SettlementVersion = z.infer<typeof SettlementVersion>
