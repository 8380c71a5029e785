/** The stable rule ids of ../shared/RULES.md, in the order scorecards list them. */
export const RULE_IDS = [
  'answer-speed',
  'greeting',
  'forbidden-phrase',
  'polite-words',
  'speech-rate',
  'interruption',
  'hold-checkin',
  'recap',
  'closing',
  'hangup-order',
  'volume',
] as const

export type RuleIdValue = (typeof RULE_IDS)[number]
