import type { Evidence, Severity } from '../../contracts/scorecard.js'
import { evidenceOf, type Turn } from '../call-context.js'
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

export const forbiddenPhrase: RuleDefinition<'forbidden-phrase'> = {
  id: 'forbidden-phrase',
  compile: (p, book) => {
    const openers = book.list(p.openers.phrases)
    const exceptions = book.list(p.exceptions)
    const levels: Array<{ list: number; severity: Severity; points: number }> = [
      { list: book.list(p.minor.phrases), severity: 'minor', points: p.minor.points },
      { list: book.list(p.major.phrases), severity: 'major', points: p.major.points },
      { list: book.list(p.fatalPhrases), severity: 'fatal', points: 0 },
    ]

    return (ctx) => {
      if (!ctx.attributed) return na(NO_ATTRIBUTION)
      const findings: Array<{ turn: Turn; severity: Severity; points: number; phrase: string }> = []
      const first = ctx.agent[0]
      if (first) {
        const opener = ctx.hits(first, openers).find((h) => h.start === 0)
        if (opener) findings.push({ turn: first, severity: 'minor', points: p.openers.points, phrase: ctx.phraseText(openers, opener.phrase) })
      }
      for (const turn of ctx.agent) {
        const found = []
        for (const level of levels) for (const hit of ctx.hits(turn, level.list)) found.push({ hit, level })
        if (found.length === 0) continue
        const allowed = ctx.hits(turn, exceptions)
        // Longest, then most severe, first: 我也没办法 (major) holds 没办法 (minor), and a phrase a centre listed under
        // two severities is one finding at the worse one. Allowed phrases (不知道您…) excuse what they contain.
        found.sort((a, b) => span(b.hit) - span(a.hit) || RANK[b.level.severity] - RANK[a.level.severity])
        const kept: typeof found = []
        for (const f of found) {
          if (!allowed.some((a) => covers(a, f.hit)) && !kept.some((k) => covers(k.hit, f.hit))) kept.push(f)
        }
        kept.sort((a, b) => a.hit.start - b.hit.start)
        for (const { hit, level } of kept) {
          findings.push({ turn, severity: level.severity, points: level.points, phrase: ctx.phraseText(level.list, hit.phrase) })
        }
      }
      if (findings.length === 0) return pass()
      const evidence: Evidence[] = findings.map((f) => evidenceOf(f.turn, `服务忌语（${SEVERITY_NAME[f.severity]}）：${f.phrase}`))
      const worst = findings.reduce<Severity>((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), 'minor')
      const deduction = Math.min(p.maxPoints, findings.reduce((sum, f) => sum + f.points, 0))
      return fail(deduction, evidence, worst)
    }
  },
}
