import type { Evidence, PhraseMatch, Severity } from '../../contracts/scorecard.js'
import { evidenceOf, phraseNote, type Turn } from '../call-context.js'
import { normalizeText } from '../../text/normalize.js'
import type { PhraseHit } from '../phrase-book.js'
import { fail, na, NO_ATTRIBUTION, pass, type RuleDefinition } from '../rule.js'

const SEVERITY_NAME: Record<Severity, string> = { minor: '轻微', major: '严重', fatal: '致命' }
const RANK: Record<Severity, number> = { minor: 0, major: 1, fatal: 2 }

function covers(outer: PhraseHit, inner: PhraseHit): boolean {
  return outer.start <= inner.start && outer.end >= inner.end
}

function span(hit: PhraseHit): number {
  return hit.end - hit.start
}

interface Finding {
  turn: Turn
  severity: Severity
  points: number
  match: PhraseMatch
}

/*
 * Forbidden phrases count in the agent's speech only, found by their text or by their sound: telephone ASR writes
 * 你有病吧 as 你有冰霸, and a fatal insult that slips through would zero nothing. A match by sound is evidence like any
 * other, saying what was heard; the inspector who reviews the call (fatal calls come first) confirms or overturns it.
 */
export const forbiddenPhrase: RuleDefinition<'forbidden-phrase'> = {
  id: 'forbidden-phrase',
  compile: (p, book) => {
    const openers = book.list(p.openers.phrases)
    // 喂 is one syllable, too short to match by sound alone: heard as 为 it counts when a greeting follows (为你好).
    const openerGreetings = book.list(
      p.openers.phrases.flatMap((o) => p.openers.followedBy.map((f) => `${o}${f}`)),
      'everywhere',
    )
    const openerLengths = p.openers.phrases.map((o) => normalizeText(o).length)
    const exceptions = book.list(p.exceptions, 'everywhere')
    const levels: Array<{ list: number; severity: Severity; points: number }> = [
      { list: book.list(p.minor.phrases, 'everywhere'), severity: 'minor', points: p.minor.points },
      { list: book.list(p.major.phrases, 'everywhere'), severity: 'major', points: p.major.points },
      { list: book.list(p.fatalPhrases, 'everywhere'), severity: 'fatal', points: 0 },
    ]

    return (ctx) => {
      if (!ctx.attributed) return na(NO_ATTRIBUTION)
      const findings: Finding[] = []
      const first = ctx.agent[0]
      if (first) {
        const opener = ctx.hits(first, openers).find((h) => h.start === 0)
        const heardAs = opener ? undefined : ctx.soundHits(first, openerGreetings).find((h) => h.start === 0)
        if (opener) {
          const phrase = ctx.phraseText(openers, opener.phrase)
          findings.push({ turn: first, severity: 'minor', points: p.openers.points, match: { phrase, heard: phrase, by: 'text' } })
        } else if (heardAs) {
          const index = Math.floor(heardAs.phrase / p.openers.followedBy.length)
          const phrase = p.openers.phrases[index]!
          const heard = first.heard(0, openerLengths[index]!)
          findings.push({ turn: first, severity: 'minor', points: p.openers.points, match: { phrase, heard, by: 'same-sound' } })
        }
      }
      for (const turn of ctx.agent) {
        const found: Array<{ hit: PhraseHit; by: PhraseMatch['by']; level: (typeof levels)[number] }> = []
        for (const level of levels) {
          for (const hit of ctx.hits(turn, level.list)) found.push({ hit, by: 'text', level })
          for (const hit of ctx.soundHits(turn, level.list)) found.push({ hit, by: hit.by, level })
        }
        if (found.length === 0) continue
        // Allowed phrases (不知道您…, 有病毒) excuse what they contain; heard by sound they excuse only what was heard
        // by sound too (有冰毒 is still 有病毒, but 有病读 does not excuse 有病).
        const allowedAsWritten = ctx.hits(turn, exceptions)
        const allowedBySound = [...allowedAsWritten, ...ctx.soundHits(turn, exceptions)]
        // Longest, then most severe, then as written before by sound: 我也没办法 (major) holds 没办法 (minor), and a
        // phrase a centre listed under two severities is one finding at the worse one.
        found.sort((a, b) => span(b.hit) - span(a.hit) || RANK[b.level.severity] - RANK[a.level.severity] || Number(a.by !== 'text') - Number(b.by !== 'text'))
        const kept: typeof found = []
        for (const f of found) {
          const allowed = f.by === 'text' ? allowedAsWritten : allowedBySound
          if (!allowed.some((a) => covers(a, f.hit)) && !kept.some((k) => covers(k.hit, f.hit))) kept.push(f)
        }
        kept.sort((a, b) => a.hit.start - b.hit.start)
        for (const { hit, by, level } of kept) {
          const match = { phrase: ctx.phraseText(level.list, hit.phrase), heard: turn.heard(hit.start, hit.end), by }
          findings.push({ turn, severity: level.severity, points: level.points, match })
        }
      }
      if (findings.length === 0) return pass()
      const evidence: Evidence[] = findings.map((f) => evidenceOf(f.turn, `服务忌语（${SEVERITY_NAME[f.severity]}）：${phraseNote(f.match)}`, f.match))
      const worst = findings.reduce<Severity>((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), 'minor')
      const deduction = Math.min(p.maxPoints, findings.reduce((sum, f) => sum + f.points, 0))
      return fail(deduction, evidence, worst)
    }
  },
}
