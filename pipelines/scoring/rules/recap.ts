import type { RuleDefinition } from '../rule.js'
import { phraseNearEnd } from './phrase-near-end.js'

export const recap: RuleDefinition<'recap'> = {
  id: 'recap',
  compile: (p, book) => phraseNearEnd(p, book, { found: '已复述要点', missing: '结束前未向客户复述要点' }),
}
