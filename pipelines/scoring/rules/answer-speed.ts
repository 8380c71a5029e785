import { fail, na, pass, type RuleDefinition } from '../rule.js'

export const answerSpeed: RuleDefinition<'answer-speed'> = {
  id: 'answer-speed',
  compile: (p) => (ctx) => {
    const { direction, ringSeconds } = ctx.transcript
    if (direction === 'outbound') return na('外呼电话，振铃时长属于客户，不适用')
    if (ringSeconds === undefined) return na('话单缺少振铃时长')
    const note = `振铃 ${ringSeconds} 秒（上限 ${p.maxRingSeconds} 秒）`
    return ringSeconds > p.maxRingSeconds ? fail(p.points, [{ note }]) : pass({ note })
  },
}
