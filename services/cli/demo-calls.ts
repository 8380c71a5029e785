import type { Transcript } from '../../pipelines/contracts/transcript.js'

/*
 * Made-up but plausible hotline calls for `callqa serve --demo`, so a newcomer sees a populated workspace at once
 * without any recordings or corpora: twelve agents in three teams over the last six weeks, most of them doing the
 * job well and some slipping (no greeting, a forbidden phrase, no recap or close, speaking too fast, leaving the
 * customer on hold, hanging up first). Deterministic for a seed.
 */

const AGENTS = [
  ['A1001', '张三', 'T01'], ['A1002', '李四', 'T01'], ['A1003', '王芳', 'T01'], ['A1004', '赵敏', 'T01'],
  ['A2001', '陈晨', 'T02'], ['A2002', '刘洋', 'T02'], ['A2003', '杨静', 'T02'], ['A2004', '黄磊', 'T02'],
  ['A3001', '周婷', 'T03'], ['A3002', '吴刚', 'T03'], ['A3003', '郑爽', 'T03'], ['A3004', '孙丽', 'T03'],
] as const

const TOPICS = [
  {
    ask: '你好，我上周买的空气净化器一直没发货，想问一下怎么回事。',
    detail: '订单号是二零二六一一零一八八八。',
    answer: '您的订单因为仓库盘点延迟了，今天下午会发出，明天可以送到。',
    recap: '跟您确认一下，您的订单今天下午发出，明天送到，对吗？',
  },
  {
    ask: '我想退掉上个月办的流量包，怎么操作？',
    detail: '手机号就是我现在打的这个。',
    answer: '流量包已经为您退订，下个月一号起不再扣费，本月费用照常。',
    recap: '我再跟您重复一下，流量包从下个月一号起不再扣费。',
  },
  {
    ask: '发票开错了抬头，能不能重新开一张？',
    detail: '正确的抬头是上海某某科技有限公司。',
    answer: '已经为您作废原发票并重新开具，电子发票会在两个工作日内发到您的邮箱。',
    recap: '跟您核对一下，新发票的抬头是上海某某科技有限公司，两个工作日内发到邮箱。',
  },
  {
    ask: '洗衣机脱水的时候响声特别大，是不是坏了？',
    detail: '型号是滚筒十公斤的那款，买了一年多。',
    answer: '已经为您登记了上门检修，师傅会在明天上午联系您，在保修期内不收费。',
    recap: '确认一下您的地址和电话不变，师傅明天上午联系您，对吗？',
  },
  {
    ask: '我的账户登录不上了，一直提示密码错误。',
    detail: '我已经试过找回密码，短信收不到。',
    answer: '已经为您重置了登录状态，您现在重新获取验证码就可以登录了。',
    recap: '跟您确认一下，您现在重新获取验证码就可以登录，对吗？',
  },
] as const

type Slip = 'none' | 'no-greeting' | 'minor-phrase' | 'major-phrase' | 'fatal-phrase' | 'no-recap' | 'no-closing' | 'fast' | 'long-hold' | 'agent-hangup' | 'slow-answer'
const SLIPS: Slip[] = ['no-greeting', 'minor-phrase', 'major-phrase', 'no-recap', 'no-closing', 'fast', 'long-hold', 'agent-hangup', 'slow-answer']

function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = Math.imul(s ^ (s >>> 15), 1 | s)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` calls ending at `until` (epoch ms), spread over the six weeks before it, in working hours (UTC+8). */
export function demoCalls(count: number, until: number, seed = 2026): Transcript[] {
  const random = seeded(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  const calls: Transcript[] = []
  for (let n = 0; n < count; n++) {
    const [agentId, agentName, teamId] = AGENTS[n % AGENTS.length]!
    // Each agent has their own habits: some slip far more often than others.
    const care = 0.45 + ((n % AGENTS.length) * 0.37) % 0.5
    const slips = new Set<Slip>()
    while (random() > care && slips.size < 3) slips.add(pick(SLIPS))
    if (random() < 0.01) slips.add('fatal-phrase')
    const topic = pick(TOPICS)
    const day = Math.floor(random() * 42)
    const startedAt = Math.floor((until - (day + 1) * 86_400_000) / 86_400_000) * 86_400_000 + (1 + random() * 8) * 3_600_000
    const cpm = slips.has('fast') ? 230 : 145 + random() * 12
    const utterances: Transcript['utterances'] = []
    let at = 300
    const say = (speaker: 'agent' | 'customer', text: string, gapMs = 500) => {
      const ms = Math.round((text.length / (speaker === 'agent' ? cpm : 170)) * 60_000)
      utterances.push({ speaker, startMs: at, endMs: at + ms, text })
      at += ms + gapMs
    }
    say('agent', slips.has('no-greeting') ? '喂，你说。' : '您好，艾克美客服中心，很高兴为您服务，请问有什么可以帮您？')
    say('customer', topic.ask)
    say('agent', slips.has('minor-phrase') ? '这个我不清楚，您把订单信息给我吧。' : slips.has('major-phrase') ? '这是规定，我已经说过了，您提供一下信息。' : '好的，麻烦您提供一下相关信息，我帮您查询一下。')
    say('customer', topic.detail)
    say('agent', '好的，请您稍等，我帮您查一下。', slips.has('long-hold') ? 48_000 : 12_000)
    say('agent', `感谢您的耐心等待，${topic.answer}`)
    if (slips.has('fatal-phrase')) say('agent', '你是不是傻，听不懂吗？')
    say('customer', '好的，明白了。')
    if (!slips.has('no-recap')) say('agent', topic.recap)
    say('customer', '对，没错。')
    if (!slips.has('no-closing')) say('agent', '请问还有其他可以帮您的吗？感谢您的来电，祝您生活愉快，再见。')
    say('customer', '没有了，谢谢，再见。')
    calls.push({
      callId: `DEMO-${new Date(startedAt).toISOString().slice(0, 10).replaceAll('-', '')}-${String(n).padStart(5, '0')}`,
      hotline: '400-800-1234',
      agentId,
      agentName,
      teamId,
      direction: 'inbound',
      startedAt: new Date(startedAt).toISOString(),
      ringSeconds: slips.has('slow-answer') ? 18 + Math.round(random() * 10) : 2 + Math.round(random() * 9),
      durationSeconds: Math.round(at / 100) / 10,
      hangupBy: slips.has('agent-hangup') ? 'agent' : 'customer',
      customerNumber: `139${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
      utterances,
    })
  }
  return calls
}

/** Demo accounts: name, role, agent id. Passwords are generated and printed once, like the admin's. */
export const DEMO_USERS = [
  ['inspector', 'inspector', null, '质检员小林'],
  ['inspector2', 'inspector', null, '质检员小何'],
  ['supervisor', 'supervisor', null, '主管老周'],
  ['supervisor2', 'supervisor', null, '主管老钱'],
  ['agent', 'agent', 'A1001', '张三'],
] as const
