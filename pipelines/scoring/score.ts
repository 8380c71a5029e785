import { RULE_IDS, type RuleIdValue } from '../contracts/rule-ids.js'
import type { Ruleset } from '../contracts/ruleset.js'
import type { RuleResult, Scorecard } from '../contracts/scorecard.js'
import type { Transcript } from '../contracts/transcript.js'
import { CallContext } from './call-context.js'
import { measure } from './metrics.js'
import { PhraseBookBuilder, type PhraseBook } from './phrase-book.js'
import type { Check, RuleDefinition } from './rule.js'
import { RULES } from './rules/index.js'

const FULL_SCORE = 100

/** A ruleset turned into checks once, so scoring a call does no compilation. */
export interface Scorer {
  ruleset: { id: string; version: number }
  checks: Array<{ id: RuleIdValue; fatal: boolean; check: Check }>
  book: PhraseBook
}

export function compileRuleset(ruleset: Ruleset): Scorer {
  const builder = new PhraseBookBuilder()
  const checks: Scorer['checks'] = []
  for (const id of RULE_IDS) {
    const params = ruleset.rules[id]
    if (!params?.enabled) continue
    const rule = RULES[id] as RuleDefinition<typeof id>
    checks.push({ id, fatal: params.fatal, check: (rule.compile as (p: typeof params, b: PhraseBookBuilder) => Check)(params, builder) })
  }
  return { ruleset: { id: ruleset.id, version: ruleset.version }, checks, book: builder.build() }
}

/** A call's score from its deductions: a fatal violation zeroes it, otherwise 100 less the deductions, to 0.1. */
export function scoreOf(deducted: number, fatal: boolean): number {
  return fatal ? 0 : Math.max(0, Math.round((FULL_SCORE - deducted) * 10) / 10)
}

/** Scores one call: pure, `scoredAt` comes from the caller's clock. */
export function scoreTranscript(scorer: Scorer, transcript: Transcript, scoredAt: string): Scorecard {
  const ctx = new CallContext(transcript, scorer.book)
  const metrics = measure(ctx)
  const results: RuleResult[] = []
  let deducted = 0
  let fatal = false
  for (const { id, fatal: ruleIsFatal, check } of scorer.checks) {
    const verdict = check(ctx, metrics)
    if (verdict.outcome !== 'fail') {
      results.push({ ruleId: id, outcome: verdict.outcome, deduction: 0, evidence: verdict.evidence })
      continue
    }
    const severity = ruleIsFatal ? 'fatal' : verdict.severity
    fatal ||= severity === 'fatal'
    deducted += verdict.deduction
    results.push({ ruleId: id, outcome: 'fail', deduction: verdict.deduction, ...(severity && { severity }), evidence: verdict.evidence })
  }
  return {
    callId: transcript.callId,
    ruleset: scorer.ruleset,
    score: scoreOf(deducted, fatal),
    fatal,
    results,
    metrics,
    scoredAt,
    agentId: transcript.agentId,
    teamId: transcript.teamId,
    startedAt: transcript.startedAt,
    ...(transcript.roles && { roles: transcript.roles }),
  }
}
