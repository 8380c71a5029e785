import { evidenceOf } from '../call-context.js'
import { fail, na, NO_ATTRIBUTION, pass, type RuleDefinition } from '../rule.js'

export const greeting: RuleDefinition<'greeting'> = {
  id: 'greeting',
  compile: (p, book) => {
    const greetings = book.list(p.greetingWords)
    const companies = p.companyNames.length > 0 ? book.list(p.companyNames) : undefined
    const offers = book.list(p.helpOffers)
    const windowMs = p.withinSeconds * 1000

    return (ctx) => {
      if (!ctx.attributed) return na(NO_ATTRIBUTION)
      const opening = ctx.agent.filter((t) => t.startMs <= windowMs)
      if (opening.length === 0) {
        const first = ctx.agent[0]
        const note = `坐席在接通后 ${p.withinSeconds} 秒内没有说话`
        return fail(p.points, [first ? evidenceOf(first, note) : { note }])
      }
      const missing: string[] = []
      if (!ctx.says(opening, greetings)) missing.push('问候语（您好）')
      if (companies !== undefined && !ctx.says(opening, companies)) missing.push('公司名称')
      if (!ctx.says(opening, offers)) missing.push('服务用语（请问有什么可以帮您）')
      if (missing.length === 0) return pass(evidenceOf(opening[0]!, '标准开场白'))
      return fail(p.points, [evidenceOf(opening[0]!, `开场白缺少：${missing.join('、')}`)])
    }
  },
}
