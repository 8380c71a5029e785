import type { Ruleset } from '../pipelines/contracts/ruleset.js'
import type { PhraseMatch } from '../pipelines/contracts/scorecard.js'
import { CallContext, type Said } from '../pipelines/scoring/call-context.js'
import { PhraseBookBuilder } from '../pipelines/scoring/phrase-book.js'
import { compileRuleset, scoreTranscript } from '../pipelines/scoring/score.js'
import { loadRuleset } from '../services/lib/rulesets/load.js'
import { loadMobileCs, loadStc3Dialogues, transcriptOf } from './corpora.js'

/*
 * npm run bench:phrases — false positives of phrase matching, measured on real agent speech: every agent sentence of
 * the NTCIR-14 STC-3 helpdesk dialogues and of the China Mobile calls (../shared/corpora) is run through every phrase
 * list of the ruleset (BENCH_RULESET=file for a centre's own). None of these sentences is an insult, so every
 * forbidden phrase found by sound is a false positive unless the text itself holds the phrase; the table says, per
 * phrase, how often it was found as written (what matching did before sound matching) and by the same or a near
 * sound (what it adds), with examples to read.
 */

type Kind = PhraseMatch['by'] | 'slip'

interface Tally {
  list: string
  phrase: string
  counts: Record<Kind, number>
  examples: string[]
}

const EXAMPLES = 3

function agentSentences(): string[] {
  const stc3 = [...loadStc3Dialogues('train_data_cn.json'), ...loadStc3Dialogues('test_data_cn.json')].flatMap((d) => d.filter((l) => l.speaker === 'agent').map((l) => l.text))
  const mobile = loadMobileCs().flatMap((c) => c.turns.map((t) => t.agent).filter((t) => t.trim() !== ''))
  return [...stc3, ...mobile]
}

function tallyOf(tallies: Map<string, Tally>, list: string, phrase: string): Tally {
  const key = `${list}\u0000${phrase}`
  let t = tallies.get(key)
  if (!t) tallies.set(key, (t = { list, phrase, counts: { text: 0, 'same-sound': 0, 'near-sound': 0, slip: 0 }, examples: [] }))
  return t
}

/** The lists a rule wants said (greeting, hold, recap, closing), found the way the rules find them (CallContext.says). */
function positiveLists(ruleset: Ruleset): Array<{ name: string; phrases: string[] }> {
  const r = ruleset.rules
  return [
    r.greeting && { name: 'greeting.greetingWords', phrases: r.greeting.greetingWords },
    r.greeting && r.greeting.companyNames.length > 0 && { name: 'greeting.companyNames', phrases: r.greeting.companyNames },
    r.greeting && { name: 'greeting.helpOffers', phrases: r.greeting.helpOffers },
    r['hold-checkin'] && { name: 'hold-checkin.announcePhrases', phrases: r['hold-checkin'].announcePhrases },
    r['hold-checkin'] && { name: 'hold-checkin.thanksPhrases', phrases: r['hold-checkin'].thanksPhrases },
    r.recap && { name: 'recap.phrases', phrases: r.recap.phrases },
    r.closing && { name: 'closing.phrases', phrases: r.closing.phrases },
  ].filter((l): l is { name: string; phrases: string[] } => Boolean(l))
}

function main(): void {
  const ruleset = loadRuleset(process.env.BENCH_RULESET)
  const sentences = agentSentences()
  const started = performance.now()
  const tallies = new Map<string, Tally>()

  // Forbidden phrases through the rule itself (exceptions, longest match first), one sentence at a time; every
  // sentence is also treated as a call's first, so the opener (喂, 为你好) is tried on all of them.
  const scorer = compileRuleset({ ...ruleset, rules: { 'forbidden-phrase': ruleset.rules['forbidden-phrase'] } })
  let forbiddenSentences = 0
  for (const text of sentences) {
    const card = scoreTranscript(scorer, transcriptOf('FP', [{ speaker: 'agent', startMs: 0, endMs: 1000, text }]), '2026-11-01T00:00:00Z')
    const evidence = card.results[0]?.evidence ?? []
    if (evidence.length > 0) forbiddenSentences++
    for (const e of evidence) {
      const match = e.match ?? { phrase: e.note.replace(/^服务忌语（.+?）：/, ''), heard: '', by: 'text' as const }
      const severity = /（(.+?)）/.exec(e.note)?.[1] ?? ''
      const t = tallyOf(tallies, `forbidden-phrase（${severity}）`, match.phrase)
      t.counts[match.by]++
      if (match.by !== 'text' && t.examples.length < EXAMPLES) t.examples.push(`${match.heard} ← ${text}`)
    }
  }

  // The positive lists: what each sentence would count as said, and how.
  const builder = new PhraseBookBuilder()
  const lists = positiveLists(ruleset).map((l) => ({ ...l, id: builder.list(l.phrases) }))
  const book = builder.build()
  for (const text of sentences) {
    const ctx = new CallContext(transcriptOf('FP', [{ speaker: 'agent', startMs: 0, endMs: 1000, text }]), book)
    for (const list of lists) {
      const said: Said | undefined = ctx.says(ctx.agent, list.id)
      if (!said) continue
      const t = tallyOf(tallies, list.name, said.phrase)
      // A near sound found with slips allowed is the older approximate matching; count it apart from exact sounds.
      const kind: Kind = said.match.by === 'near-sound' && said.match.heard.length !== said.phrase.length ? 'slip' : said.match.by
      t.counts[kind]++
      if (kind !== 'text' && t.examples.length < EXAMPLES) t.examples.push(`${said.match.heard} ← ${text}`)
    }
  }
  const seconds = (performance.now() - started) / 1000

  console.log(`# Phrase matches on real agent speech: ${sentences.length} agent sentences (STC-3 train+test, mobilecs), ruleset ${ruleset.id}@${ruleset.version}, ${seconds.toFixed(1)} s`)
  console.log(`# sentences with a forbidden-phrase finding: ${forbiddenSentences}`)
  console.log('')
  console.log('| list | phrase | as written | same sound | near sound | near sound + slip | examples of matches by sound (heard ← sentence) |')
  console.log('|---|---|---:|---:|---:|---:|---|')
  const rows = [...tallies.values()].sort((a, b) => a.list.localeCompare(b.list) || b.counts.text - a.counts.text)
  for (const t of rows) {
    const c = t.counts
    console.log(`| ${t.list} | ${t.phrase} | ${c.text} | ${c['same-sound']} | ${c['near-sound']} | ${c.slip} | ${t.examples.join('<br>').replaceAll('|', '｜')} |`)
  }
  const bySound = (list: (l: string) => boolean, kind: Kind) => rows.filter((t) => list(t.list)).reduce((n, t) => n + t.counts[kind], 0)
  const forbidden = (l: string) => l.startsWith('forbidden-phrase')
  console.log('')
  console.log(
    `forbidden phrases: ${bySound(forbidden, 'text')} as written, ${bySound(forbidden, 'same-sound')} by the same sound, ${bySound(forbidden, 'near-sound')} by a near sound`,
  )
  const positive = (l: string) => !forbidden(l)
  console.log(
    `phrases to be said: ${bySound(positive, 'text')} as written, ${bySound(positive, 'same-sound')} by the same sound, ${bySound(positive, 'near-sound')} by a near sound, ${bySound(positive, 'slip')} with a slip`,
  )
}

main()
