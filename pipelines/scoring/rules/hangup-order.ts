import { fail, na, pass, type RuleDefinition } from '../rule.js'

export const hangupOrder: RuleDefinition<'hangup-order'> = {
  id: 'hangup-order',
  compile: (p) => (ctx) => {
    const by = ctx.transcript.hangupBy
    if (by === undefined) return na('话单缺少挂机方')
    if (by === 'agent') return fail(p.points, [{ note: '坐席先挂机' }])
    return pass({ note: by === 'customer' ? '客户先挂机' : '系统挂机' })
  },
}
