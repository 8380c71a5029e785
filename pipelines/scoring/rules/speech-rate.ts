import { evidenceOf, type Turn } from '../call-context.js'
import { fail, na, NO_ATTRIBUTION, pass, type RuleDefinition } from '../rule.js'

const MIN_TURN_MS_FOR_EVIDENCE = 3000

function rate(turn: Turn): number {
  return turn.norm.length / ((turn.endMs - turn.startMs) / 60_000)
}

export const speechRate: RuleDefinition<'speech-rate'> = {
  id: 'speech-rate',
  compile: (p) => {
    const low = p.minCharsPerMinute - p.toleranceCharsPerMinute
    const high = p.maxCharsPerMinute + p.toleranceCharsPerMinute

    return (ctx, metrics) => {
      if (!ctx.attributed) return na(NO_ATTRIBUTION)
      const cpm = metrics.agentCharsPerMinute
      const talkMs = metrics.agentTalkMs ?? 0
      if (cpm === null || talkMs < p.minSpeakingSeconds * 1000)
        return na(`坐席说话 ${Math.round(talkMs / 1000)} 秒，少于 ${p.minSpeakingSeconds} 秒，语速无法判断`)
      const note = `语速 ${cpm} 字/分钟（标准 ${p.minCharsPerMinute}–${p.maxCharsPerMinute}，容差 ±${p.toleranceCharsPerMinute}）`
      if (cpm >= low && cpm <= high) return pass({ note })
      const tooFast = cpm > high
      const worst = ctx.agent
        .filter((t) => t.endMs - t.startMs >= MIN_TURN_MS_FOR_EVIDENCE)
        .sort((a, b) => (tooFast ? rate(b) - rate(a) : rate(a) - rate(b)))
        .slice(0, 3)
        .map((t) => evidenceOf(t, `${tooFast ? '偏快' : '偏慢'}：${Math.round(rate(t))} 字/分钟`))
      return fail(p.points, [{ note: `${tooFast ? '语速过快' : '语速过慢'}：${note}` }, ...worst])
    }
  },
}
