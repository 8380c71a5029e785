import { z } from 'zod'
import { MAX_PATTERN_LENGTH } from '../text/approximate.js'
import { RULE_IDS } from './rule-ids.js'

/*
 * Ruleset: a centre's rules as a YAML file (pipelines/rulesets/default.yaml is the house default).
 * Every rule id of ../shared/RULES.md has its own parameter block; a rule left out of `rules` is not scored.
 * Phrase entries may hold `…` (or `……`, `...`) for a gap of up to 20 characters: "您的…是…对吗".
 * Evolution: a new parameter must come with a default so that existing company files stay valid.
 */

const MAX_PHRASE_CHARS = MAX_PATTERN_LENGTH

/** A gap inside a phrase: … or …… as Chinese input methods type it, or three or more dots. */
export const PHRASE_GAP = /…+|\.{3,}/

const phrase = z
  .string()
  .min(1)
  .refine((p) => p.split(PHRASE_GAP).every((part) => /[\p{L}\p{N}]/u.test(part)), {
    message: 'a phrase (and each part between gaps) needs at least one letter, digit or character besides punctuation',
  })
  .refine((p) => p.split(PHRASE_GAP).every((part) => part.trim().length <= MAX_PHRASE_CHARS), {
    message: `a phrase (or each part between gaps) may be at most ${MAX_PHRASE_CHARS} characters`,
  })
const phrases = z.array(phrase)
const points = z.number().min(0).max(100)
const seconds = z.number().min(0)

/** Every rule: whether it runs, and whether failing it zeroes the call (RULES.md "fatal rules"). */
const common = {
  enabled: z.boolean().default(true),
  fatal: z.boolean().default(false),
}
/** Rules that deduct once per occurrence, up to a cap. */
const perOccurrence = { pointsPerOccurrence: points, maxPoints: points }

export const AnswerSpeedParams = z.strictObject({ ...common, points, maxRingSeconds: seconds })

export const GreetingParams = z.strictObject({
  ...common,
  points,
  withinSeconds: seconds,
  greetingWords: phrases.min(1),
  /** The company's names as callers hear them; empty → the name is not required. */
  companyNames: phrases,
  helpOffers: phrases.min(1),
})

const severityList = z.strictObject({ points, phrases })
export const ForbiddenPhraseParams = z.strictObject({
  ...common,
  maxPoints: points,
  /** Said at the very start of the agent's first utterance (喂). */
  openers: z.strictObject({
    points,
    phrases,
    /** Greetings after which an opener heard as a homophone still counts (为你好 is 喂，你好); none → as written only. */
    followedBy: phrases.default([]),
  }),
  minor: severityList,
  major: severityList,
  /** Any of these zeroes the call. */
  fatalPhrases: phrases,
  /** Longer phrases that contain a forbidden one but are fine (不知道您… , 滚动). */
  exceptions: phrases,
})

export const PoliteWordsParams = z.strictObject({
  ...common,
  points,
  words: phrases.min(1),
  minCount: z.number().int().min(0),
  formalAddress: phrases.min(1),
  informalAddress: phrases.min(1),
  /** Informal address (你) allowed per formal one (您); 你好 counts as informal. */
  maxInformalRatio: z.number().min(0),
})

export const SpeechRateParams = z
  .strictObject({
    ...common,
    points,
    minCharsPerMinute: z.number().min(0),
    maxCharsPerMinute: z.number().min(0),
    toleranceCharsPerMinute: z.number().min(0),
    /** Below this much agent speech the rate means nothing: `na`. */
    minSpeakingSeconds: seconds,
  })
  .refine((p) => p.minCharsPerMinute <= p.maxCharsPerMinute, {
    message: 'minCharsPerMinute must not exceed maxCharsPerMinute',
    path: ['minCharsPerMinute'],
  })

export const InterruptionParams = z.strictObject({
  ...common,
  ...perOccurrence,
  minOverlapMs: z.number().int().min(0),
  backchannelMaxMs: z.number().int().min(0),
  backchannels: phrases,
})

export const HoldCheckinParams = z.strictObject({
  ...common,
  ...perOccurrence,
  maxSilenceSeconds: seconds,
  /** An agent silence this long, with the customer quiet too, is a hold that must be announced and closed. */
  holdMinSeconds: seconds,
  /** Customer speech tolerated inside a hold (喂？还在吗？) before the gap counts as listening instead. */
  customerSpeechAllowanceSeconds: seconds,
  announcePhrases: phrases.min(1),
  thanksPhrases: phrases.min(1),
})

export const RecapParams = z.strictObject({ ...common, points, withinLastSeconds: seconds, phrases: phrases.min(1) })

export const ClosingParams = z.strictObject({ ...common, points, withinLastSeconds: seconds, phrases: phrases.min(1) })

export const HangupOrderParams = z.strictObject({ ...common, points })

export const VolumeParams = z.strictObject({ ...common, points, maxDbfs: z.number().max(0) })

export const RuleParams = {
  'answer-speed': AnswerSpeedParams,
  greeting: GreetingParams,
  'forbidden-phrase': ForbiddenPhraseParams,
  'polite-words': PoliteWordsParams,
  'speech-rate': SpeechRateParams,
  interruption: InterruptionParams,
  'hold-checkin': HoldCheckinParams,
  recap: RecapParams,
  closing: ClosingParams,
  'hangup-order': HangupOrderParams,
  volume: VolumeParams,
} as const satisfies Record<(typeof RULE_IDS)[number], z.ZodType>

export type RuleParamsOf<Id extends keyof typeof RuleParams> = z.output<(typeof RuleParams)[Id]>

export const Ruleset = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, . _ - (e.g. acme-2026)'),
  version: z.number().int().min(1),
  name: z.string().optional(),
  rules: z.strictObject(
    Object.fromEntries(RULE_IDS.map((id) => [id, RuleParams[id].optional()])) as {
      [Id in keyof typeof RuleParams]: z.ZodOptional<(typeof RuleParams)[Id]>
    },
  ),
})
export type Ruleset = z.output<typeof Ruleset>
