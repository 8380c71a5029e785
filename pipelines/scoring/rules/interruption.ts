import { evidenceOf, type Turn } from '../call-context.js'
import { callClock, seconds } from '../../text/clock.js'
import { fail, na, NO_ATTRIBUTION, pass, type RuleDefinition } from '../rule.js'

export const interruption: RuleDefinition<'interruption'> = {
  id: 'interruption',
  compile: (p, book) => {
    const backchannels = book.list(p.backchannels)

    return (ctx) => {
      if (!ctx.attributed) return na(NO_ATTRIBUTION)
      const isBackchannel = (turn: Turn) => {
        if (turn.endMs - turn.startMs <= p.backchannelMaxMs) return true
        // Only 嗯 / 对 / 好的 …: every character is covered by some back-channel word.
        const covered = new Uint8Array(turn.norm.length)
        for (const h of ctx.hits(turn, backchannels)) covered.fill(1, h.start, h.end)
        return covered.every((c) => c === 1)
      }
      const evidence = []
      let c = 0
      for (const turn of ctx.agent) {
        while (c < ctx.customer.length && ctx.customer[c]!.endMs <= turn.startMs) c++
        const talking = ctx.customer[c]
        if (!talking || talking.startMs >= turn.startMs) continue
        const overlap = Math.min(turn.endMs, talking.endMs) - turn.startMs
        if (overlap < p.minOverlapMs || isBackchannel(turn)) continue
        evidence.push(evidenceOf(turn, `客户说话时插话（客户 ${callClock(talking.startMs)}–${callClock(talking.endMs)} 说“${talking.text}”），重叠 ${seconds(overlap)} 秒`))
      }
      if (evidence.length === 0) return pass()
      return fail(Math.min(p.maxPoints, evidence.length * p.pointsPerOccurrence), evidence)
    }
  },
}
