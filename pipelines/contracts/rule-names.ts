import type { Lang } from './lang.js'
import type { RuleIdValue } from './rule-ids.js'

/** What people call each rule (../shared/RULES.md): on the call page, in the settlement's exports and print. */
export const RULE_NAMES: Record<RuleIdValue, Record<Lang, string>> = {
  'answer-speed': { zh: '三响接听', en: 'Answer within 3 rings' },
  greeting: { zh: '标准开场白', en: 'Standard greeting' },
  'forbidden-phrase': { zh: '服务忌语', en: 'Forbidden phrases' },
  'polite-words': { zh: '礼貌用语', en: 'Polite words' },
  'speech-rate': { zh: '语速适中', en: 'Speech rate' },
  interruption: { zh: '不抢话', en: 'No interrupting' },
  'hold-checkin': { zh: '静音安抚', en: 'Hold check-ins' },
  recap: { zh: '复述要点', en: 'Recap' },
  closing: { zh: '标准结束语', en: 'Standard closing' },
  'hangup-order': { zh: '客户先挂机', en: 'Customer hangs up first' },
  volume: { zh: '音量适中', en: 'Volume' },
}

/** The rule's name, or its id when it is not one of ours (an older or a foreign scorecard). */
export function ruleName(ruleId: string, lang: Lang): string {
  return (RULE_NAMES as Record<string, Record<Lang, string>>)[ruleId]?.[lang] ?? ruleId
}
