import { evidenceOf, phraseNote, type Said } from '../call-context.js'
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
      const said: Said[] = []
      const check = (list: number, name: string) => {
        const found = ctx.says(opening, list)
        if (found) said.push(found)
        else missing.push(name)
      }
      check(greetings, '问候语（您好）')
      if (companies !== undefined) check(companies, '公司名称')
      check(offers, '服务用语（请问有什么可以帮您）')
      // What was recognised only by its sound is named, so an inspector knows what to listen for.
      const bySound = said.filter((s) => s.match.by !== 'text')
      const heard = bySound.length > 0 ? `（按读音识别：${bySound.map((s) => phraseNote(s.match)).join('、')}）` : ''
      if (missing.length === 0) return pass(evidenceOf(opening[0]!, `标准开场白${heard}`, bySound[0]?.match))
      return fail(p.points, [evidenceOf(opening[0]!, `开场白缺少：${missing.join('、')}${heard}`, bySound[0]?.match)])
    }
  },
}
