import { z } from 'zod'
import { RuleId, type Scorecard } from '../contracts/scorecard.js'
import { scoreOf } from '../scoring/score.js'

/*
 * An inspector's review of one machine scorecard: every failed rule confirmed or overturned. The reviewed score is
 * the machine's arithmetic over the confirmed failures only, so a review never invents a deduction of its own.
 */

export const Verdict = z.enum(['confirmed', 'overturned'])
export type Verdict = z.infer<typeof Verdict>

export const Decision = z.object({
  ruleId: RuleId,
  verdict: Verdict,
  comment: z.string().max(2000).default(''),
})
export type Decision = z.infer<typeof Decision>

export interface ReviewedDecision extends Decision {
  /** The machine's deduction for this rule, kept so a settlement can trace what was confirmed. */
  deduction: number
}

export interface ReviewOutcome {
  decisions: ReviewedDecision[]
  reviewedScore: number
  fatal: boolean
}

export interface DecisionProblem {
  path: string
  message: string
}

/** Checks the decisions against the scorecard's failed rules and works out the reviewed score. */
export function applyDecisions(card: Scorecard, decisions: readonly Decision[]): { ok: true; value: ReviewOutcome } | { ok: false; problems: DecisionProblem[] } {
  const failed = new Map(card.results.filter((r) => r.outcome === 'fail').map((r) => [r.ruleId, r]))
  const problems: DecisionProblem[] = []
  const seen = new Set<string>()
  decisions.forEach((d, i) => {
    if (!failed.has(d.ruleId)) problems.push({ path: `$.decisions[${i}].ruleId`, message: `${d.ruleId} did not fail on this scorecard` })
    else if (seen.has(d.ruleId)) problems.push({ path: `$.decisions[${i}].ruleId`, message: `${d.ruleId} is decided twice` })
    // An overturn changes someone's pay and the machine's record: it must say why.
    if (d.verdict === 'overturned' && d.comment.trim() === '') problems.push({ path: `$.decisions[${i}].comment`, message: 'an overturn needs a comment' })
    seen.add(d.ruleId)
  })
  for (const ruleId of failed.keys()) {
    if (!seen.has(ruleId)) problems.push({ path: '$.decisions', message: `no decision for failed rule ${ruleId}` })
  }
  if (problems.length > 0) return { ok: false, problems }

  let deducted = 0
  let fatal = false
  const reviewed = decisions.map((d) => {
    const result = failed.get(d.ruleId)!
    if (d.verdict === 'confirmed') {
      deducted += result.deduction
      fatal ||= result.severity === 'fatal'
    }
    return { ...d, deduction: result.deduction }
  })
  return { ok: true, value: { decisions: reviewed, reviewedScore: scoreOf(deducted, fatal), fatal } }
}
