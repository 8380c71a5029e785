import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RULE_IDS } from '../../pipelines/contracts/rule-ids.js'
import { compileRuleset, type Scorer } from '../../pipelines/scoring/score.js'
import { loadSpeechConfig } from '../../services/lib/config/speech.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import { openSpeechStack } from '../../services/transcriber/speech-stack.js'
import { fatalCaught, judge, judgeFromAudio, type Judged } from '../../bench/test-calls/from-audio.js'
import { ensureTestCalls, TEST_RULESET, type TestCallSet } from '../../bench/test-calls/generate.js'
import { describe as describeCheck } from '../../bench/test-calls/verdicts.js'

/*
 * Verdicts from telephone audio: synthetic Mandarin calls (bench/test-calls, made into the cache by `npm test`'s set-up
 * step) through the real path — ffmpeg, Silero VAD, Whisper base — scored with the test ruleset against the verdicts
 * written by hand for each call. `npm run bench:verdicts` runs every call; this runs a subset that still makes every
 * rule fail (or be na) somewhere, and every fatal phrase.
 */

const SUBSET = [
  'wei-opener',
  'no-greeting',
  'informal-address',
  'too-fast',
  'interruption',
  'unannounced-hold',
  'offer-only-in-greeting',
  'lookalikes',
  'fatal-youbing',
  'fatal-shenjingbing',
  'fatal-shabushisha',
  'fatal-gun',
  'fatal-bizui',
  'fatal-baichi',
]

/** Fatal calls whose phrase the recogniser writes as a different sound (see the assertion). */
const RECOGNISER_MISSES = ['fatal-bizui']

let set: TestCallSet
let scorer: Scorer
let stack: Awaited<ReturnType<typeof openSpeechStack>> | undefined

beforeAll(async () => {
  // Made by `npm test` before vitest starts; generated here only when run on its own (minutes, once).
  set = await ensureTestCalls(() => {})
  scorer = compileRuleset(loadRuleset(TEST_RULESET))
}, 1_800_000)
afterAll(() => stack?.close())

const fromText = (id: string): Judged => {
  const call = set.calls.find((c) => c.id === id)
  if (!call) throw new Error(`no test call ${id}`)
  return judge(scorer, call, call.reference)
}

describe('the synthetic test calls', () => {
  it('expect every rule to fail (or be na) somewhere in the subset, and every fatal call is in it', () => {
    const subset = SUBSET.map((id) => set.calls.find((c) => c.id === id)!)
    expect(subset.every(Boolean)).toBe(true)
    for (const rule of RULE_IDS) expect(subset.some((c) => c.expected[rule] !== 'pass'), rule).toBe(true)
    const fatal = set.calls.filter((c) => c.expected['forbidden-phrase'] === 'fatal').map((c) => c.id)
    expect(fatal.length).toBeGreaterThanOrEqual(5)
    expect(SUBSET).toEqual(expect.arrayContaining(fatal))
  })

  it('give exactly the expected verdicts from their own text (the expectations are consistent)', () => {
    const wrong = set.calls.flatMap((c) => fromText(c.id).checks).filter((c) => !c.agrees)
    expect(wrong.map(describeCheck)).toEqual([])
  })
})

describe('verdicts from telephone audio', () => {
  it('≥ 95% of rule results equal the expected ones, and every fatal phrase the recogniser writes by its sound is caught', async () => {
    stack = await openSpeechStack(loadSpeechConfig({ CALLQA_ASR_THREADS: '2' }), () => {})
    const judged: Judged[] = []
    for (const id of SUBSET) judged.push(await judgeFromAudio(stack, scorer, set.calls.find((c) => c.id === id)!))
    const checks = judged.flatMap((j) => j.checks)
    const agreeing = checks.filter((c) => c.agrees).length
    const wrong = checks.filter((c) => !c.agrees).map(describeCheck)
    // Every rule of every call was judged, and the fatal calls are there: the share cannot come from an empty set.
    expect(checks).toHaveLength(SUBSET.length * RULE_IDS.length)
    expect(agreeing / checks.length, wrong.join('\n')).toBeGreaterThanOrEqual(0.95)
    const fatal = fatalCaught(judged)
    expect(fatal.expected).toBeGreaterThanOrEqual(5)
    // Whisper base hears the shouted, clipped 闭嘴 of fatal-bizui as 冰嘴 (bi → bing), which no sound rule safe for a
    // two-character phrase matches (the volume rule still flags that turn): a recogniser limit, reported in issue 11.
    // Any other fatal call missed fails here.
    expect(fatal.missed.filter((id) => !RECOGNISER_MISSES.includes(id))).toEqual([])
    // Every call came through both channels: the agent and the customer were each heard.
    for (const j of judged) expect(new Set(j.transcript.utterances.map((u) => u.speaker))).toEqual(new Set(['agent', 'customer']))
  }, 1_200_000)
})
