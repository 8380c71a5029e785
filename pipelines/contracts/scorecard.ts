import { z } from 'zod'
import { Speaker } from './call.js'
import { RULE_IDS } from './rule-ids.js'

/*
 * Scorecard: one per call per ruleset version. Public contract (../shared/DESIGN.md): what `callqa score` prints and
 * the payload of callqa.calls.scored.v1. Evolution: add optional fields only.
 * v1 extensions: `agentId`, `teamId`, `startedAt` (so a scorecard alone can be reported on),
 * `severity` on results, `overtalkMs` / `talkRatio` / `agentTalkMs` / `customerTalkMs` in metrics, `match` on evidence.
 */

export const RuleId = z.enum(RULE_IDS)

/**
 * How a phrase was recognised in what the ASR wrote, when not by its text: the same toneless syllables (同音: 有病 heard
 * as 有冰) or a near sound (近音: fuzzy initials and finals, or a small slip). An inspector reads it to judge whether the
 * agent really said the phrase.
 */
export const PhraseMatch = z.object({
  phrase: z.string(),
  heard: z.string(),
  by: z.enum(['text', 'same-sound', 'near-sound']),
})
export type PhraseMatch = z.infer<typeof PhraseMatch>

export const Evidence = z.object({
  startMs: z.number().int().min(0).optional(),
  endMs: z.number().int().min(0).optional(),
  speaker: Speaker.optional(),
  text: z.string().optional(),
  note: z.string(),
  match: PhraseMatch.optional(),
})
export type Evidence = z.infer<typeof Evidence>

export const Outcome = z.enum(['pass', 'fail', 'na'])
export type Outcome = z.infer<typeof Outcome>

export const Severity = z.enum(['minor', 'major', 'fatal'])
export type Severity = z.infer<typeof Severity>

export const RuleResult = z.object({
  ruleId: RuleId,
  outcome: Outcome,
  deduction: z.number().min(0),
  /** Set on failed rules; `fatal` zeroes the call's score. */
  severity: Severity.optional(),
  evidence: z.array(Evidence),
})
export type RuleResult = z.infer<typeof RuleResult>

/** A measure is `null` when the transcript cannot tell it (no agent speech, a mono recording). */
export const Metrics = z.object({
  agentCharsPerMinute: z.number().nullable(),
  overtalkCount: z.number().int().min(0).nullable(),
  overtalkMs: z.number().int().min(0).nullable().optional(),
  longestAgentSilenceMs: z.number().int().min(0).nullable(),
  talkRatio: z.number().min(0).max(1).nullable().optional(),
  agentTalkMs: z.number().int().min(0).optional(),
  customerTalkMs: z.number().int().min(0).optional(),
})
export type Metrics = z.infer<typeof Metrics>

export const Scorecard = z.object({
  callId: z.string().min(1),
  ruleset: z.object({ id: z.string().min(1), version: z.number().int().min(1) }),
  score: z.number().min(0).max(100),
  fatal: z.boolean(),
  results: z.array(RuleResult),
  metrics: Metrics,
  scoredAt: z.iso.datetime({ offset: true }),
  agentId: z.string().optional(),
  teamId: z.string().optional(),
  startedAt: z.iso.datetime({ offset: true }).optional(),
})
export type Scorecard = z.infer<typeof Scorecard>
