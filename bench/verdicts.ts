import { writeFileSync } from 'node:fs'
import { RULE_IDS } from '../pipelines/contracts/rule-ids.js'
import { compileRuleset } from '../pipelines/scoring/score.js'
import { loadSpeechConfig } from '../services/lib/config/speech.js'
import { loadRuleset } from '../services/lib/rulesets/load.js'
import { openSpeechStack } from '../services/transcriber/speech-stack.js'
import { fatalCaught, judge, judgeFromAudio, type Judged } from './test-calls/from-audio.js'
import { ensureTestCalls, TEST_RULESET } from './test-calls/generate.js'
import { describe } from './test-calls/verdicts.js'

/*
 * npm run bench:verdicts — verdicts from telephone audio. Every synthetic test call (bench/test-calls, generated into
 * the cache when missing) goes through the real transcription path and is scored with the test ruleset; so is its
 * reference transcript (the same call's text). Prints per rule how many results equal the hand-written expectation
 * from audio and from text, the share of fatal phrases caught, and every disagreement with what was heard.
 * Targets: ≥ 95% of rule results from audio as expected, 100% of fatal phrases caught.
 *   --calls id,id   only these calls
 *   --transcripts f write the transcripts from audio to f (NDJSON)
 */

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const say = (line: string) => console.error(`bench:verdicts: ${line}`)
const set = await ensureTestCalls(say)
const only = option('--calls')?.split(',')
const unknown = only?.filter((id) => !set.calls.some((c) => c.id === id)) ?? []
if (unknown.length > 0) throw new Error(`unknown call ids: ${unknown.join(', ')}; known: ${set.calls.map((c) => c.id).join(', ')}`)
const calls = only ? set.calls.filter((c) => only.includes(c.id)) : set.calls

const scorer = compileRuleset(loadRuleset(TEST_RULESET))
const config = loadSpeechConfig(process.env)
const stack = await openSpeechStack(config, say)
const fromAudio: Judged[] = []
const started = performance.now()
try {
  for (const call of calls) {
    const judged = await judgeFromAudio(stack, scorer, call)
    fromAudio.push(judged)
    const wrong = judged.checks.filter((c) => !c.agrees).length
    say(`${call.id}: ${wrong === 0 ? 'all as expected' : `${wrong} rule(s) differ`}`)
  }
} finally {
  await stack.close()
}
const seconds = (performance.now() - started) / 1000
const fromText = calls.map((call) => judge(scorer, call, call.reference))

const transcriptsOut = option('--transcripts')
if (transcriptsOut) writeFileSync(transcriptsOut, fromAudio.map((j) => JSON.stringify(j.transcript)).join('\n') + '\n')

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((n / d) * 100).toFixed(1)}%`)
const agreeing = (judged: readonly Judged[], ruleId?: string) => {
  const checks = judged.flatMap((j) => j.checks).filter((c) => ruleId === undefined || c.ruleId === ruleId)
  return { n: checks.filter((c) => c.agrees).length, of: checks.length }
}

const audioSeconds = calls.reduce((sum, c) => sum + c.reference.durationSeconds, 0)
console.log(`${calls.length} calls, ${Math.round(audioSeconds)} s of audio, transcribed in ${seconds.toFixed(0)} s (${stack.asr.engine}, ${stack.asr.model}, ${config.threads} threads); ruleset ${scorer.ruleset.id} v${scorer.ruleset.version}\n`)
console.log(`${'rule'.padEnd(18)} ${'expected fail/na'.padStart(16)}  ${'from audio'.padStart(16)}  ${'from text'.padStart(16)}`)
for (const ruleId of RULE_IDS) {
  const audio = agreeing(fromAudio, ruleId)
  const text = agreeing(fromText, ruleId)
  const notPass = calls.filter((c) => c.expected[ruleId] !== 'pass').length
  console.log(`${ruleId.padEnd(18)} ${String(notPass).padStart(16)}  ${`${audio.n}/${audio.of} ${pct(audio.n, audio.of)}`.padStart(16)}  ${`${text.n}/${text.of} ${pct(text.n, text.of)}`.padStart(16)}`)
}
const audio = agreeing(fromAudio)
const text = agreeing(fromText)
console.log(`${'all rules'.padEnd(18)} ${''.padStart(16)}  ${`${audio.n}/${audio.of} ${pct(audio.n, audio.of)}`.padStart(16)}  ${`${text.n}/${text.of} ${pct(text.n, text.of)}`.padStart(16)}`)
console.log(`\n${'call'.padEnd(24)} ${'score audio/text'.padStart(17)} ${'chars/min audio/text'.padStart(21)} ${'agent dBFS audio/text'.padStart(22)}`)
fromAudio.forEach((a, i) => {
  const t = fromText[i]!
  const pair = (x: unknown, y: unknown) => `${x ?? '—'} / ${y ?? '—'}`
  console.log(
    `${a.call.id.padEnd(24)} ${pair(a.card.score, t.card.score).padStart(17)} ${pair(a.card.metrics.agentCharsPerMinute, t.card.metrics.agentCharsPerMinute).padStart(21)} ${pair(a.transcript.audio?.agent?.maxDbfs, t.transcript.audio?.agent?.maxDbfs).padStart(22)}`,
  )
})

const fatal = fatalCaught(fromAudio)
console.log(`\nfatal phrases caught from audio: ${fatal.caught}/${fatal.expected} ${pct(fatal.caught, fatal.expected)}${fatal.missed.length ? ` — missed in ${fatal.missed.join(', ')}` : ''}`)
console.log(`targets: ≥ 95% of rule results from audio as expected (${audio.n / audio.of >= 0.95 ? 'met' : 'NOT met'}), 100% of fatal phrases caught (${fatal.caught === fatal.expected ? 'met' : 'NOT met'})`)

for (const [label, judged] of [['from audio', fromAudio], ['from text', fromText]] as const) {
  const wrong = judged.flatMap((j) => j.checks.filter((c) => !c.agrees).map((c) => ({ j, c })))
  console.log(`\ndisagreements ${label}: ${wrong.length}`)
  for (const { j, c } of wrong) {
    console.log(`  ${describe(c)}`)
    if (label === 'from audio') {
      const heard = j.transcript.utterances.map((u) => `${u.speaker === 'agent' ? 'A' : u.speaker === 'customer' ? 'C' : '?'} ${(u.startMs / 1000).toFixed(1)}–${(u.endMs / 1000).toFixed(1)} ${u.text}`)
      console.log(`    heard: ${heard.join(' │ ')}`)
      console.log(`    metrics: ${JSON.stringify(j.card.metrics)}; agent max ${j.transcript.audio?.agent?.maxDbfs ?? '—'} dBFS`)
    }
  }
}
