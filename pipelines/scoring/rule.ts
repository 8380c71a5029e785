import type { Evidence, Metrics, Severity } from '../contracts/scorecard.js'
import type { RuleIdValue } from '../contracts/rule-ids.js'
import type { RuleParamsOf } from '../contracts/ruleset.js'
import type { CallContext } from './call-context.js'
import type { PhraseBookBuilder } from './phrase-book.js'

/** What one rule concludes about one call, before the engine applies the rule's fatal flag. */
export type Verdict =
  | { outcome: 'pass'; evidence: Evidence[] }
  | { outcome: 'na'; evidence: Evidence[] }
  | { outcome: 'fail'; deduction: number; evidence: Evidence[]; severity?: Severity }

export type Check = (ctx: CallContext, metrics: Metrics) => Verdict

/** One module per rule id: turns the rule's parameters into a check, registering its phrases in the shared book. */
export interface RuleDefinition<Id extends RuleIdValue> {
  id: Id
  compile(params: RuleParamsOf<Id>, book: PhraseBookBuilder): Check
}

export const pass = (...evidence: Evidence[]): Verdict => ({ outcome: 'pass', evidence })
export const na = (note: string): Verdict => ({ outcome: 'na', evidence: [{ note }] })
export const fail = (deduction: number, evidence: Evidence[], severity?: Severity): Verdict =>
  severity ? { outcome: 'fail', deduction, evidence, severity } : { outcome: 'fail', deduction, evidence }

/** Measured in bench:diarization: separation gives each moment one voice, so overlaps are never found. */
export const ONE_CHANNEL_OVERTALK = '单声道录音：坐席与客户由说话人分离得出，同一时刻只能归给一方，抢话/插话无法可靠测量'

export const NO_ATTRIBUTION = '转写中没有区分坐席/客户的语音（单声道或空转写），无法判断'
