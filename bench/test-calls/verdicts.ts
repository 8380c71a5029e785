import type { RuleIdValue } from '../../pipelines/contracts/rule-ids.js'
import type { RuleResult, Scorecard } from '../../pipelines/contracts/scorecard.js'
import { expectedOutcome, type ExpectedVerdict } from './spec.js'

/** One rule of one call: what the script says it should be, what the scorer said, and the scorer's evidence. */
export interface RuleCheck {
  callId: string
  ruleId: RuleIdValue
  expected: ExpectedVerdict
  actual: string
  agrees: boolean
  result?: RuleResult
}

function verdictOf(result: RuleResult | undefined): string {
  if (!result) return 'not scored'
  return result.outcome === 'fail' && result.ruleId === 'forbidden-phrase' ? (result.severity ?? 'fail') : result.outcome
}

/** Every rule the call's expectations name, against its scorecard. A forbidden phrase must fail at its severity. */
export function checkVerdicts(expected: Record<RuleIdValue, ExpectedVerdict>, card: Scorecard): RuleCheck[] {
  return (Object.entries(expected) as Array<[RuleIdValue, ExpectedVerdict]>).map(([ruleId, verdict]) => {
    const result = card.results.find((r) => r.ruleId === ruleId)
    const want = expectedOutcome(verdict)
    const agrees = result !== undefined && result.outcome === want.outcome && (want.severity === undefined || result.severity === want.severity)
    return { callId: card.callId, ruleId, expected: verdict, actual: verdictOf(result), agrees, result }
  })
}

/** What a disagreement is about, in a line: the verdicts, and what the scorer heard or measured. */
export function describe(check: RuleCheck): string {
  const evidence = (check.result?.evidence ?? [])
    .slice(0, 3)
    .map((e) => (e.text ? `${e.note} «${e.text}»` : e.note))
    .join(' | ')
  return `${check.callId} ${check.ruleId}: expected ${check.expected}, got ${check.actual}${evidence ? ` — ${evidence}` : ''}`
}
