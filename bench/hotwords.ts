import { writeFileSync } from 'node:fs'
import { PHRASE_GAP, type Ruleset } from '../pipelines/contracts/ruleset.js'
import type { Transcript } from '../pipelines/contracts/transcript.js'
import { compileRuleset } from '../pipelines/scoring/score.js'
import { loadSpeechConfig } from '../services/lib/config/speech.js'
import { loadRuleset } from '../services/lib/rulesets/load.js'
import { openSpeechStack } from '../services/transcriber/speech-stack.js'
import { transcribeRecording } from '../services/transcriber/transcribe-recording.js'
import { editDistance, normalizeForCer } from './cer.js'
import { ASR_DIR, readAsrRefs, telephoneCopy } from './corpora.js'
import { fatalCaught, judgeFromAudio, type Judged } from './test-calls/from-audio.js'
import { ensureTestCalls, TEST_RULESET } from './test-calls/generate.js'

/*
 * npm run bench:hotwords — does telling Whisper what to expect help? For each way of hinting (none; the company's
 * names as faster-whisper `hotwords`; the ruleset's script phrases as hotwords; a greeting in the ruleset's words as
 * `initial_prompt`), on the synthetic test calls: recall of the rule phrases the script says (each phrase of the
 * ruleset's lists that the agent's script holds, found verbatim in the agent's transcript), phrases heard that the
 * script does not hold, CER per channel, and verdict agreement; on the gold clips of mandarin-asr (16 kHz and
 * telephone copies): CER. The same hints go with every window, as a deployment would send them.
 *   --calls id,id        only these test calls
 *   --transcripts prefix write each variant's transcripts from audio to <prefix>-<n>.ndjson
 */

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const ruleset = loadRuleset(TEST_RULESET)
const scorer = compileRuleset(ruleset)
const say = (line: string) => console.error(`bench:hotwords: ${line}`)
const set = await ensureTestCalls(say)
const only = option('--calls')?.split(',')
const calls = only ? set.calls.filter((c) => only.includes(c.id)) : set.calls

/** The phrases a script is checked for, by kind (gap-free ones; a phrase with … is looked for part by part elsewhere). */
function phraseKinds(r: Ruleset): Record<string, string[]> {
  const g = r.rules.greeting!
  const f = r.rules['forbidden-phrase']!
  const h = r.rules['hold-checkin']!
  return {
    greeting: [...g.greetingWords, ...g.companyNames, ...g.helpOffers],
    forbidden: [...f.openers.phrases, ...f.minor.phrases, ...f.major.phrases, ...f.fatalPhrases],
    polite: r.rules['polite-words']!.words,
    hold: [...h.announcePhrases, ...h.thanksPhrases],
    recap: r.rules.recap!.phrases.filter((p) => !PHRASE_GAP.test(p)),
    closing: r.rules.closing!.phrases,
  }
}
const kinds = phraseKinds(ruleset)

const unique = (xs: string[]) => [...new Set(xs)]
const g = ruleset.rules.greeting!
const scriptPhrases = unique([
  ...g.companyNames,
  ...g.greetingWords,
  ...g.helpOffers,
  ...kinds.recap!,
  ...kinds.closing!,
  ...kinds.hold!,
])
const hints: Array<{ label: string; hotwords?: string; initialPrompt?: string }> = [
  { label: 'none' },
  { label: 'hotwords: company names', hotwords: g.companyNames.join('，') },
  { label: 'hotwords: script phrases', hotwords: scriptPhrases.join('，') },
  { label: 'prompt: greeting', initialPrompt: `${g.greetingWords[0]}，${g.companyNames[0]}，${g.helpOffers[0]}？` },
]

function agentText(t: Transcript): string {
  return normalizeForCer(t.utterances.filter((u) => u.speaker === 'agent').map((u) => u.text).join(''))
}

function speakerCer(reference: Transcript, heard: Transcript, speaker: 'agent' | 'customer'): { errors: number; chars: number } {
  const text = (t: Transcript) => normalizeForCer(t.utterances.filter((u) => u.speaker === speaker).map((u) => u.text).join(''))
  const ref = text(reference)
  return { errors: editDistance(ref, text(heard)), chars: [...ref].length }
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((n / d) * 100).toFixed(1)}%`)
const config = loadSpeechConfig(process.env)
const refs = readAsrRefs().filter((r) => r.quality === 'gold')
console.log(`${calls.length} test calls; ${refs.length} gold clips; ${config.threads} threads`)

for (const [n, hint] of hints.entries()) {
  const stack = await openSpeechStack(config, say, undefined, hint)
  try {
    const judged: Judged[] = []
    for (const call of calls) judged.push(await judgeFromAudio(stack, scorer, call))
    const out = option('--transcripts')
    if (out) writeFileSync(`${out}-${n}.ndjson`, judged.map((j) => JSON.stringify(j.transcript)).join('\n') + '\n')
    const byKind = new Map<string, { said: number; heard: number; extra: number }>()
    const cer = { agent: { errors: 0, chars: 0 }, customer: { errors: 0, chars: 0 } }
    for (const j of judged) {
      const said = agentText(j.call.reference)
      const heard = agentText(j.transcript)
      for (const [kind, phrases] of Object.entries(kinds)) {
        const k = byKind.get(kind) ?? { said: 0, heard: 0, extra: 0 }
        for (const p of unique(phrases.map(normalizeForCer))) {
          if (said.includes(p)) {
            k.said++
            if (heard.includes(p)) k.heard++
          } else if (heard.includes(p)) k.extra++
        }
        byKind.set(kind, k)
      }
      for (const speaker of ['agent', 'customer'] as const) {
        const c = speakerCer(j.call.reference, j.transcript, speaker)
        cer[speaker].errors += c.errors
        cer[speaker].chars += c.chars
      }
    }
    const clipCer = { '16k': { errors: 0, chars: 0 }, 'telephone-8k': { errors: 0, chars: 0 } }
    for (const ref of refs) {
      for (const variant of ['16k', 'telephone-8k'] as const) {
        const outcome = await transcribeRecording(stack, variant === '16k' ? `${ASR_DIR}/${ref.file}` : telephoneCopy(ref.file))
        if (!outcome.ok) throw new Error(`${ref.file}: ${outcome.reason}`)
        const reference = normalizeForCer(ref.reference)
        clipCer[variant].errors += editDistance(reference, normalizeForCer(outcome.transcript.utterances.map((u) => u.text).join('')))
        clipCer[variant].chars += [...reference].length
      }
    }
    const all = [...byKind.values()].reduce((a, k) => ({ said: a.said + k.said, heard: a.heard + k.heard, extra: a.extra + k.extra }), { said: 0, heard: 0, extra: 0 })
    const checks = judged.flatMap((j) => j.checks)
    const fatal = fatalCaught(judged)
    console.log(`\n== ${hint.label}${hint.hotwords ? ` (${[...hint.hotwords].length} characters)` : ''}${hint.initialPrompt ? ` «${hint.initialPrompt}»` : ''}`)
    console.log(`  rule phrases in the script found in the transcript: ${all.heard}/${all.said} ${pct(all.heard, all.said)}; heard but not in the script: ${all.extra}`)
    for (const [kind, k] of byKind) console.log(`    ${kind.padEnd(10)} ${`${k.heard}/${k.said}`.padStart(8)} ${pct(k.heard, k.said).padStart(6)}   not in script: ${k.extra}`)
    console.log(`  CER test calls: agent ${pct(cer.agent.errors, cer.agent.chars)}, customer ${pct(cer.customer.errors, cer.customer.chars)}`)
    console.log(`  CER gold clips: 16 kHz ${pct(clipCer['16k'].errors, clipCer['16k'].chars)}, telephone 8 kHz ${pct(clipCer['telephone-8k'].errors, clipCer['telephone-8k'].chars)}`)
    console.log(`  verdicts as expected: ${checks.filter((c) => c.agrees).length}/${checks.length} ${pct(checks.filter((c) => c.agrees).length, checks.length)}; fatal caught ${fatal.caught}/${fatal.expected}`)
  } finally {
    await stack.close()
  }
}
