import type { Verdict } from './decisions.js'

/*
 * Calibration: several inspectors review the same call blind; this compares their verdicts rule by rule. For each
 * rule the majority verdict (a tie has none) and the share of inspectors who gave it; for each inspector the share
 * of rules where they sided with the majority; overall, Fleiss' kappa, i.e. agreement corrected for the agreement
 * two categories would give by chance.
 */

export interface BlindReview {
  reviewer: string
  decisions: ReadonlyArray<{ ruleId: string; verdict: Verdict }>
}

export interface RuleAgreement {
  ruleId: string
  verdicts: Record<string, Verdict>
  majority: Verdict | null
  /** Share of this rule's inspectors who gave the majority verdict; 0.5 for a tie. */
  agreement: number
}

export interface InspectorAgreement {
  reviewer: string
  /** Rules that had a majority and that this inspector decided. */
  rules: number
  withMajority: number
  rate: number | null
}

export interface AgreementReport {
  reviewers: string[]
  rules: RuleAgreement[]
  inspectors: InspectorAgreement[]
  /** Null with fewer than two inspectors or when every verdict is the same category (kappa is undefined). */
  fleissKappa: number | null
}

export function agreementReport(reviews: readonly BlindReview[]): AgreementReport {
  const byRule = new Map<string, Record<string, Verdict>>()
  for (const review of reviews) {
    for (const d of review.decisions) {
      const verdicts = byRule.get(d.ruleId) ?? {}
      verdicts[review.reviewer] = d.verdict
      byRule.set(d.ruleId, verdicts)
    }
  }
  const rules = [...byRule.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ruleId, verdicts]): RuleAgreement => {
      const values = Object.values(verdicts)
      const confirmed = values.filter((v) => v === 'confirmed').length
      const overturned = values.length - confirmed
      const majority = confirmed > overturned ? 'confirmed' : overturned > confirmed ? 'overturned' : null
      return { ruleId, verdicts, majority, agreement: Math.max(confirmed, overturned) / values.length }
    })
  const inspectors = reviews.map((r): InspectorAgreement => {
    let counted = 0
    let withMajority = 0
    for (const rule of rules) {
      const verdict = rule.verdicts[r.reviewer]
      if (rule.majority === null || verdict === undefined) continue
      counted++
      if (verdict === rule.majority) withMajority++
    }
    return { reviewer: r.reviewer, rules: counted, withMajority, rate: counted === 0 ? null : withMajority / counted }
  })
  return { reviewers: reviews.map((r) => r.reviewer), rules, inspectors, fleissKappa: fleissKappa(rules) }
}

/** Fleiss' kappa over the rules every inspector decided (the statistic needs the same raters per item). */
function fleissKappa(rules: readonly RuleAgreement[]): number | null {
  const counts = rules.map((r) => Object.values(r.verdicts))
  const n = Math.max(0, ...counts.map((c) => c.length))
  const items = counts.filter((c) => c.length === n)
  if (n < 2 || items.length === 0) return null
  const confirmedShare = items.reduce((s, c) => s + c.filter((v) => v === 'confirmed').length, 0) / (items.length * n)
  const chance = confirmedShare ** 2 + (1 - confirmedShare) ** 2
  if (chance === 1) return null
  const observed =
    items.reduce((s, c) => {
      const yes = c.filter((v) => v === 'confirmed').length
      const no = n - yes
      return s + (yes * (yes - 1) + no * (no - 1)) / (n * (n - 1))
    }, 0) / items.length
  return (observed - chance) / (1 - chance)
}
