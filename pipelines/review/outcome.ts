import type { Scorecard } from '../contracts/scorecard.js'
import { scoreOf } from '../scoring/score.js'

/*
 * Where a call stands now, rule by rule: the machine's results, what the review of record made of them (confirmed,
 * overturned, adjusted, added), and the appeals against them. A violation counts while it is confirmed (or added)
 * and no appeal against it was upheld; the call's score is the scorecard's arithmetic over what counts, so an upheld
 * appeal gives the points back. The call page shows this to everyone, the agent included; the settlement counts the
 * same way (pipelines/settlement/settle.ts).
 */

export type AppealState = 'open' | 'upheld' | 'rejected'

export interface RuleStanding {
  ruleId: string
  /** Found by the machine, or added by the reviewer (漏检). */
  source: 'machine' | 'inspector'
  /** The review of record's verdict; null while the call is not reviewed. */
  verdict: 'confirmed' | 'overturned' | null
  appeal: AppealState | null
  /** Costs points (and, once reviewed, money) now. */
  counts: boolean
  /** What it deducts when it counts: the reviewer's adjustment, else the machine's. */
  deduction: number
  /** The machine's deduction, when the reviewer changed it. */
  machineDeduction?: number
  fatal: boolean
  /** The reviewer's comment on it. */
  comment: string
}

export interface CallOutcome {
  /** machine: nobody has reviewed it; reviewed; under-appeal: an appeal is open; appealed: every appeal is decided. */
  status: 'machine' | 'reviewed' | 'under-appeal' | 'appealed'
  score: number
  fatal: boolean
  rules: RuleStanding[]
}

export interface RecordReview {
  reviewedScore: number
  decisions: ReadonlyArray<{ ruleId: string; verdict: 'confirmed' | 'overturned'; deduction: number; machineDeduction?: number; comment: string }>
  added: ReadonlyArray<{ ruleId: string; deduction: number; fatal: boolean; comment: string }>
}

/** The score over what counts: the points deducted, or zero when a counting violation is fatal. */
export function countedScore(items: ReadonlyArray<{ counts: boolean; deduction: number; fatal: boolean }>): number {
  const counting = items.filter((i) => i.counts)
  return scoreOf(
    counting.reduce((sum, i) => sum + i.deduction, 0),
    counting.some((i) => i.fatal),
  )
}

/** Each rule the review of record judged or added, with its appeals; `severityOf` gives the machine's severity. */
export function ruleStandings(
  review: RecordReview,
  severityOf: (ruleId: string) => string | undefined,
  appeals: ReadonlyArray<{ ruleId: string; status: AppealState }>,
): RuleStanding[] {
  const appealOf = (ruleId: string): AppealState | null => {
    const states = appeals.filter((a) => a.ruleId === ruleId).map((a) => a.status)
    return states.includes('upheld') ? 'upheld' : states.includes('open') ? 'open' : (states[0] ?? null)
  }
  return [
    ...review.decisions.map((d): RuleStanding => {
      const appeal = appealOf(d.ruleId)
      return {
        ruleId: d.ruleId,
        source: 'machine',
        verdict: d.verdict,
        appeal,
        counts: d.verdict === 'confirmed' && appeal !== 'upheld',
        deduction: d.deduction,
        ...(d.machineDeduction !== undefined && { machineDeduction: d.machineDeduction }),
        fatal: severityOf(d.ruleId) === 'fatal',
        comment: d.comment,
      }
    }),
    ...review.added.map((a): RuleStanding => {
      const appeal = appealOf(a.ruleId)
      return { ruleId: a.ruleId, source: 'inspector', verdict: 'confirmed', appeal, counts: appeal !== 'upheld', deduction: a.deduction, fatal: a.fatal, comment: a.comment }
    }),
  ]
}

/** The reviewed call's score now: the review's own (as stored and audited) unless an upheld appeal gave points back. */
export function finalScore(review: RecordReview, rules: readonly RuleStanding[]): number {
  return rules.some((r) => r.appeal === 'upheld') ? countedScore(rules) : review.reviewedScore
}

export function callOutcome(card: Scorecard, review: RecordReview | undefined, appeals: ReadonlyArray<{ ruleId: string; status: AppealState }>): CallOutcome {
  const failed = card.results.filter((r) => r.outcome === 'fail')
  if (!review) {
    const rules = failed.map((r): RuleStanding => ({ ruleId: r.ruleId, source: 'machine', verdict: null, appeal: null, counts: true, deduction: r.deduction, fatal: r.severity === 'fatal', comment: '' }))
    return { status: 'machine', score: card.score, fatal: card.fatal, rules }
  }
  const severity = new Map<string, string | undefined>(failed.map((r) => [r.ruleId, r.severity]))
  const rules = ruleStandings(review, (ruleId) => severity.get(ruleId), appeals)
  const status = appeals.some((a) => a.status === 'open') ? 'under-appeal' : appeals.length > 0 ? 'appealed' : 'reviewed'
  return { status, score: finalScore(review, rules), fatal: rules.some((r) => r.counts && r.fatal), rules }
}
