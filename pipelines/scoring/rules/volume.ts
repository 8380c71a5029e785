import { fail, na, pass, type RuleDefinition } from '../rule.js'

export const volume: RuleDefinition<'volume'> = {
  id: 'volume',
  compile: (p) => (ctx) => {
    const level = ctx.transcript.audio?.agent?.maxDbfs
    if (level === undefined) return na('转写缺少坐席声道的响度数据（重新转写录音可补上）')
    const note = `坐席最大音量 ${level} dBFS（上限 ${p.maxDbfs} dBFS）`
    return level > p.maxDbfs ? fail(p.points, [{ note }]) : pass({ note })
  },
}
