import type { RuleIdValue } from '../../contracts/rule-ids.js'
import type { RuleDefinition } from '../rule.js'
import { answerSpeed } from './answer-speed.js'
import { closing } from './closing.js'
import { forbiddenPhrase } from './forbidden-phrase.js'
import { greeting } from './greeting.js'
import { hangupOrder } from './hangup-order.js'
import { holdCheckin } from './hold-checkin.js'
import { interruption } from './interruption.js'
import { politeWords } from './polite-words.js'
import { recap } from './recap.js'
import { speechRate } from './speech-rate.js'
import { volume } from './volume.js'

export const RULES: { [Id in RuleIdValue]: RuleDefinition<Id> } = {
  'answer-speed': answerSpeed,
  greeting,
  'forbidden-phrase': forbiddenPhrase,
  'polite-words': politeWords,
  'speech-rate': speechRate,
  interruption,
  'hold-checkin': holdCheckin,
  recap,
  closing,
  'hangup-order': hangupOrder,
  volume,
}
