import { describe, expect, it } from 'vitest'
import { notes, resultOf } from '../../helpers/score.js'
import { agent, call, customer, unknown } from '../../helpers/transcript.js'

const OPENING = '您好，很高兴为您服务，请问有什么可以帮您？'

/** Opening, the customer's request, the agent's `recap` at 20 s, and a closing at 60 s. */
function withRecap(recap: string) {
  return call({}, [
    agent(0, 4000, OPENING),
    customer(4500, 15_000, '我要改一下收货地址，手机号是一三八零零零零一二三四。'),
    agent(20_000, 28_000, recap),
    customer(28_500, 30_000, '对的。'),
    agent(60_000, 63_000, '感谢您的来电，再见。'),
  ])
}

describe('recap (复述要点)', () => {
  it('passes 跟您确认一下 and points at it', () => {
    const result = resultOf(withRecap('跟您确认一下，您要把收货地址改成北京市朝阳区。'), 'recap')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(result.evidence).toEqual([
      { startMs: 20_000, endMs: 28_000, speaker: 'agent', text: '跟您确认一下，您要把收货地址改成北京市朝阳区。', note: '已复述要点：跟您确认一下' },
    ])
  })

  it('passes the gapped phrase 您的…是…对吗', () => {
    const result = resultOf(withRecap('您的手机号是13800001234，对吗？'), 'recap')
    expect(result.outcome).toBe('pass')
    expect(notes(result)).toEqual(['已复述要点：您的…是…对吗'])
  })

  it('does not stretch a gap beyond 20 characters', () => {
    const result = resultOf(withRecap('您的订单我们已经按照流程提交给了仓库那边的同事进行处理是今天下午发出的对吗'), 'recap')
    // 您的 … 是 is 25 characters apart.
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
  })

  it('matches a gap up to 20 characters even when a middle part also occurs too early', () => {
    // 是 occurs twice (是不是); only the second one leaves 对吗 within 20 characters.
    const result = resultOf(withRecap('您的号码是不是以前登记的一三八零零零零一二三四这个号码对吗'), 'recap')
    expect(result.outcome).toBe('pass')
    expect(notes(result)).toEqual(['已复述要点：您的…是…对吗'])
  })

  it('tolerates a homophone (跟您确人一下) and an inserted character (跟您再确认一下)', () => {
    expect(resultOf(withRecap('跟您确人一下，地址改成北京市朝阳区。'), 'recap').outcome).toBe('pass')
    expect(resultOf(withRecap('跟您再确认一下，地址改成北京市朝阳区。'), 'recap').outcome).toBe('pass')
  })

  it('reads traditional characters (跟您確認一下)', () => {
    expect(resultOf(withRecap('跟您確認一下，地址改成北京市朝陽區。'), 'recap').outcome).toBe('pass')
  })

  it('fails a call without a recap, pointing at the agent’s last words', () => {
    const result = resultOf(withRecap('好的，已经帮您改好了。'), 'recap')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(result.evidence).toEqual([
      { startMs: 60_000, endMs: 63_000, speaker: 'agent', text: '感谢您的来电，再见。', note: '结束前未向客户复述要点（最后 180 秒）' },
    ])
  })

  it('only counts a recap in the agent’s last 180 s', () => {
    const t = call({}, [
      agent(0, 4000, OPENING),
      customer(4500, 9000, '我要改地址。'),
      agent(10_000, 15_000, '跟您确认一下，是改收货地址对吧？'),
      customer(15_500, 200_000, '对，然后我还想说一下上次的事情……'),
      agent(200_500, 204_000, '好的，已经登记了，感谢您的来电，再见。'),
    ])
    expect(resultOf(t, 'recap')).toMatchObject({ outcome: 'fail', deduction: 3 })
  })

  it('is na on a mono transcript', () => {
    const t = call({ recording: { uri: 'file:///rec/mono.wav', channels: { mixed: 0 } } }, [unknown(0, 4000, '跟您确认一下')])
    expect(resultOf(t, 'recap')).toMatchObject({ outcome: 'na', deduction: 0 })
  })
})
