import { z } from 'zod'
import { RuleId, type Scorecard } from '../contracts/scorecard.js'
import { scoreOf } from '../scoring/score.js'

/*
 * An inspector's review of one machine scorecard: every failed rule confirmed or overturned, a confirmed rule's
 * deduction adjusted where the machine's does not fit (with the reason), and violations the machine missed (漏检)
 * added with their evidence. The reviewed score is the scorecard's arithmetic over what the review counts: the
 * confirmed failures at their (adjusted) deductions and the added violations.
 */

export const Verdict = z.enum(['confirmed', 'overturned'])
export type Verdict = z.infer<typeof Verdict>

/** A deduction a person sets: 0.5 to 100 points in half points. */
const Points = z.number().min(0.5).max(100).multipleOf(0.5)

export const Decision = z.object({
  ruleId: RuleId,
  verdict: Verdict,
  /** For a confirmed rule: the deduction the inspector judges right, when it is not the machine's; needs a comment. */
  deduction: Points.optional(),
  comment: z.string().max(2000).default(''),
})
export type Decision = z.infer<typeof Decision>

/** A violation the machine missed, with where in the call it is and what was said. */
export const AddedViolation = z
  .object({
    ruleId: RuleId,
    deduction: Points,
    /** Zeroes the call, like the machine's fatal results. */
    fatal: z.boolean().default(false),
    startMs: z.number().int().min(0),
    endMs: z.number().int().min(0),
    quote: z.string().trim().max(500).default(''),
    comment: z.string().trim().min(2).max(2000),
  })
  .refine((a) => a.endMs >= a.startMs, { path: ['endMs'], message: 'endMs must not be before startMs' })
export type AddedViolation = z.infer<typeof AddedViolation>

export interface ReviewedDecision extends Decision {
  /** The deduction that counts: the machine's, or the inspector's adjustment. */
  deduction: number
  /** The machine's deduction, present when the inspector adjusted it. */
  machineDeduction?: number
}

export interface ReviewOutcome {
  decisions: ReviewedDecision[]
  added: AddedViolation[]
  reviewedScore: number
  fatal: boolean
}

export interface DecisionProblem {
  path: string
  message: { zh: string; en: string }
}

/** Checks the decisions and additions against the scorecard and works out the reviewed score. */
export function applyDecisions(
  card: Scorecard,
  decisions: readonly Decision[],
  added: readonly AddedViolation[] = [],
): { ok: true; value: ReviewOutcome } | { ok: false; problems: DecisionProblem[] } {
  const failed = new Map(card.results.filter((r) => r.outcome === 'fail').map((r) => [r.ruleId, r]))
  const problems: DecisionProblem[] = []
  const seen = new Set<string>()
  decisions.forEach((d, i) => {
    if (!failed.has(d.ruleId)) problems.push({ path: `$.decisions[${i}].ruleId`, message: { zh: `${d.ruleId} 在机评中没有判为不合格`, en: `${d.ruleId} did not fail on this scorecard` } })
    else if (seen.has(d.ruleId)) problems.push({ path: `$.decisions[${i}].ruleId`, message: { zh: `${d.ruleId} 重复复核`, en: `${d.ruleId} is decided twice` } })
    // An overturn or a changed deduction changes someone's pay and the machine's record: it must say why.
    if (d.verdict === 'overturned' && d.comment.trim() === '') problems.push({ path: `$.decisions[${i}].comment`, message: { zh: '推翻需要填写理由', en: 'an overturn needs a comment' } })
    const machine = failed.get(d.ruleId)?.deduction
    if (d.deduction !== undefined && d.deduction !== machine) {
      if (d.verdict !== 'confirmed') problems.push({ path: `$.decisions[${i}].deduction`, message: { zh: '推翻的规则不扣分，不能调整扣分', en: 'an overturned rule deducts nothing; only a confirmed one can be adjusted' } })
      else if (d.comment.trim() === '') problems.push({ path: `$.decisions[${i}].comment`, message: { zh: '调整扣分需要填写理由', en: 'an adjusted deduction needs a comment' } })
    }
    seen.add(d.ruleId)
  })
  for (const ruleId of failed.keys()) {
    if (!seen.has(ruleId)) problems.push({ path: '$.decisions', message: { zh: `还有违规项未复核：${ruleId}`, en: `no decision for failed rule ${ruleId}` } })
  }
  const addedRules = new Set<string>()
  added.forEach((a, i) => {
    if (failed.has(a.ruleId)) problems.push({ path: `$.added[${i}].ruleId`, message: { zh: `${a.ruleId} 机评已判不合格，请确认或调整，而不是补录`, en: `${a.ruleId} already failed on this scorecard; confirm or adjust it instead` } })
    else if (addedRules.has(a.ruleId)) problems.push({ path: `$.added[${i}].ruleId`, message: { zh: `${a.ruleId} 重复补录`, en: `${a.ruleId} is added twice` } })
    addedRules.add(a.ruleId)
  })
  if (problems.length > 0) return { ok: false, problems }

  let deducted = 0
  let fatal = false
  const reviewed = decisions.map((d): ReviewedDecision => {
    const result = failed.get(d.ruleId)!
    const deduction = d.verdict === 'confirmed' ? (d.deduction ?? result.deduction) : result.deduction
    if (d.verdict === 'confirmed') {
      deducted += deduction
      fatal ||= result.severity === 'fatal'
    }
    return { ...d, deduction, ...(deduction !== result.deduction && { machineDeduction: result.deduction }) }
  })
  for (const a of added) {
    deducted += a.deduction
    fatal ||= a.fatal
  }
  return { ok: true, value: { decisions: reviewed, added: [...added], reviewedScore: scoreOf(deducted, fatal), fatal } }
}
