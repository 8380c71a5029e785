import { evidenceOf, evidenceOfSaid } from '../call-context.js'
import { fail, na, NO_ATTRIBUTION, pass, type Check } from '../rule.js'
import type { PhraseBookBuilder } from '../phrase-book.js'

/**
 * Recap and closing ask the same question: did the agent say one of these phrases near the end of the call, after
 * the opening (a short call's greeting falls inside the last seconds too)?
 */
export function phraseNearEnd(
  p: { points: number; withinLastSeconds: number; phrases: string[] },
  book: PhraseBookBuilder,
  notes: { found: string; missing: string },
): Check {
  const list = book.list(p.phrases)
  return (ctx) => {
    if (!ctx.attributed) return na(NO_ATTRIBUTION)
    const window = ctx.afterOpening(ctx.lastAgentTurns(p.withinLastSeconds * 1000))
    const said = ctx.says(window, list)
    if (said) return pass(evidenceOfSaid(said, notes.found))
    const last = window[window.length - 1]
    const note = `${notes.missing}（最后 ${p.withinLastSeconds} 秒）`
    return fail(p.points, [last ? evidenceOf(last, note) : { note }])
  }
}
