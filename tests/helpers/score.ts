import type { RuleIdValue } from '../../pipelines/contracts/rule-ids.js'
import { Ruleset } from '../../pipelines/contracts/ruleset.js'
import type { RuleResult, Scorecard } from '../../pipelines/contracts/scorecard.js'
import type { Transcript } from '../../pipelines/contracts/transcript.js'
import { mergeYaml } from '../../pipelines/contracts/yaml-file.js'
import { compileRuleset, scoreTranscript, type Scorer } from '../../pipelines/scoring/score.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'

/** A partial ruleset merged over the house default the way a company file's `extends: default` is. */
export interface RulesetPatch {
  rules?: { [Id in RuleIdValue]?: Record<string, unknown> }
}

export const SCORED_AT = '2026-11-01T09:20:11Z'

let defaultScorer: Scorer | undefined

/** The house default ruleset, or the default with `patch` merged over it (maps merge, lists replace). */
export function ruleset(patch?: RulesetPatch): Ruleset {
  const base = loadRuleset()
  return patch ? Ruleset.parse(mergeYaml(base, patch)) : base
}

export function scorer(patch?: RulesetPatch): Scorer {
  if (patch) return compileRuleset(ruleset(patch))
  return (defaultScorer ??= compileRuleset(ruleset()))
}

export function score(transcript: Transcript, patch?: RulesetPatch): Scorecard {
  return scoreTranscript(scorer(patch), transcript, SCORED_AT)
}

/** One rule's result; throws when the rule is absent (disabled), so a test cannot pass by looking at nothing. */
export function resultOf(transcript: Transcript, ruleId: RuleIdValue, patch?: RulesetPatch): RuleResult {
  const result = score(transcript, patch).results.find((r) => r.ruleId === ruleId)
  if (!result) throw new Error(`rule ${ruleId} was not scored`)
  return result
}

/** The notes of a result's evidence, the part of the evidence most tests assert on. */
export function notes(result: RuleResult): string[] {
  return result.evidence.map((e) => e.note)
}
