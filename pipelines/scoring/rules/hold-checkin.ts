import type { Evidence } from '../../contracts/scorecard.js'
import { evidenceOf } from '../call-context.js'
import { agentGaps, overlapMs } from '../metrics.js'
import { fail, na, NO_ATTRIBUTION, pass, type RuleDefinition } from '../rule.js'

/** 请您稍等 may come a sentence or two before the silence starts (请您稍等，我这边查一下). */
const ANNOUNCE_LOOKBACK_MS = 15_000

export const holdCheckin: RuleDefinition<'hold-checkin'> = {
  id: 'hold-checkin',
  compile: (p, book) => {
    const announce = book.list(p.announcePhrases)
    const thanks = book.list(p.thanksPhrases)

    return (ctx) => {
      if (!ctx.attributed) return na(NO_ATTRIBUTION)
      const problems: Evidence[] = []
      let holds = 0
      for (const gap of agentGaps(ctx)) {
        if (gap.ms < p.holdMinSeconds * 1000) continue
        const span = { startMs: gap.before.endMs, endMs: gap.after.startMs }
        const customerMs = ctx.customer.reduce((sum, t) => sum + overlapMs(t, span), 0)
        // The customer talking through the agent's silence is the agent listening, not a hold.
        if (customerMs > p.customerSpeechAllowanceSeconds * 1000) continue
        holds++
        const seconds = Math.round(gap.ms / 1000)
        // The silence itself is evidence of the wait; a missing announcement or thanks points at the agent's line
        // before or after it, so that clicking it plays what was (not) said.
        if (gap.ms > p.maxSilenceSeconds * 1000)
          problems.push({ ...span, note: `等待 ${seconds} 秒未回应客户（上限 ${p.maxSilenceSeconds} 秒）` })
        const lead = ctx.agent.filter((t) => t.endMs <= gap.before.endMs && t.endMs >= gap.before.endMs - ANNOUNCE_LOOKBACK_MS)
        if (!ctx.says(lead, announce))
          problems.push(evidenceOf(gap.before, `等待 ${seconds} 秒前未提示客户稍等`))
        // A check-in (请您再稍等) continues the hold; otherwise the agent comes back with thanks.
        if (!ctx.says([gap.after], thanks) && !ctx.says([gap.after], announce))
          problems.push(evidenceOf(gap.after, `等待 ${seconds} 秒后未感谢客户耐心等待`))
      }
      if (problems.length === 0) return pass({ note: holds === 0 ? '无等待' : `等待 ${holds} 次，均按规范提示与回应` })
      return fail(Math.min(p.maxPoints, problems.length * p.pointsPerOccurrence), problems)
    }
  },
}
