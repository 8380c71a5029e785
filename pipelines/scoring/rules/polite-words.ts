import { evidenceOf } from '../call-context.js'
import type { PhraseHit } from '../phrase-book.js'
import { fail, na, NO_ATTRIBUTION, pass, type RuleDefinition } from '../rule.js'

/** Counts occurrences, a word inside a longer one (请 in 请问) counting once with it. */
function countOutermost(hits: readonly PhraseHit[]): number {
  return hits.filter((h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start)).length
}

export const politeWords: RuleDefinition<'polite-words'> = {
  id: 'polite-words',
  compile: (p, book) => {
    const words = book.list(p.words)
    const formal = book.list(p.formalAddress)
    const informal = book.list(p.informalAddress)

    return (ctx) => {
      if (!ctx.attributed) return na(NO_ATTRIBUTION)
      let polite = 0
      let formalCount = 0
      let informalCount = 0
      const informalTurns = []
      for (const turn of ctx.agent) {
        polite += countOutermost(ctx.hits(turn, words))
        formalCount += ctx.hits(turn, formal).length
        const n = ctx.hits(turn, informal).length
        informalCount += n
        if (n > 0) informalTurns.push(turn)
      }
      const summary = `礼貌用语 ${polite} 次（至少 ${p.minCount} 次），称呼“您” ${formalCount} 次、“你” ${informalCount} 次`
      const problems: string[] = []
      if (polite < p.minCount) problems.push('礼貌用语不足')
      if (informalCount > p.maxInformalRatio * formalCount) problems.push(`“你”多于“您”的 ${p.maxInformalRatio} 倍`)
      if (problems.length === 0) return pass({ note: summary })
      const evidence = [{ note: `${problems.join('；')}：${summary}` }, ...informalTurns.slice(0, 5).map((t) => evidenceOf(t, '称呼客户用“你”'))]
      return fail(p.points, evidence)
    }
  },
}
