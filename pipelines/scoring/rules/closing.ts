import type { RuleDefinition } from '../rule.js'
import { phraseNearEnd } from './phrase-near-end.js'

export const closing: RuleDefinition<'closing'> = {
  id: 'closing',
  compile: (p, book) => phraseNearEnd(p, book, { found: '结束语', missing: '未使用结束语' }),
}
