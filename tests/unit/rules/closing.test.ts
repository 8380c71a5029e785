import { describe, expect, it } from 'vitest'
import { notes, resultOf } from '../../helpers/score.js'
import { agent, call, customer, unknown } from '../../helpers/transcript.js'

const OPENING = '您好，很高兴为您服务，请问有什么可以帮您？'

/** A 2-minute call whose agent says `last` at the end (100–104 s). */
function endingWith(last: string) {
  return call({}, [
    agent(0, 4000, OPENING),
    customer(4500, 60_000, '我想问一下会员积分怎么兑换。'),
    agent(60_500, 90_000, '积分可以在会员中心兑换礼品，也可以抵扣运费。'),
    customer(90_500, 99_000, '好，明白了。'),
    agent(100_000, 104_000, last),
  ])
}

describe('closing (结束语)', () => {
  it('passes 感谢您的来电，再见 and points at it', () => {
    const result = resultOf(endingWith('感谢您的来电，再见。'), 'closing')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(result.evidence).toEqual([
      { startMs: 100_000, endMs: 104_000, speaker: 'agent', text: '感谢您的来电，再见。', note: '结束语：感谢您的来电' },
    ])
  })

  it('passes 请问还有其他可以帮您的吗', () => {
    const result = resultOf(endingWith('请问还有其他可以帮您的吗？'), 'closing')
    expect(result.outcome).toBe('pass')
    // Either listed phrase it contains names the finding.
    expect(notes(result)[0]).toMatch(/^结束语：(请问)?还有其他可以帮您/)
  })

  it('reads traditional characters (感謝您的來電，再見)', () => {
    expect(resultOf(endingWith('感謝您的來電，再見。'), 'closing').outcome).toBe('pass')
  })

  it('tolerates homophones and a small slip (感谢您的来点，在见 / 祝您生活呃愉快)', () => {
    expect(resultOf(endingWith('感谢您的来点，在见。'), 'closing').outcome).toBe('pass')
    expect(resultOf(endingWith('祝您生活呃愉快。'), 'closing').outcome).toBe('pass')
  })

  it('fails a call without a closing, pointing at the agent’s last words', () => {
    const result = resultOf(endingWith('好的，那就这样。'), 'closing')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(result.evidence).toEqual([
      { startMs: 100_000, endMs: 104_000, speaker: 'agent', text: '好的，那就这样。', note: '未使用结束语（最后 30 秒）' },
    ])
  })

  it('only counts the last 30 s: a 再见 said early does not count', () => {
    const t = call({}, [
      agent(0, 4000, OPENING),
      customer(4500, 8000, '我找一下王经理。'),
      agent(8500, 11_000, '好的，我帮您转给他，再见。'),
      customer(11_500, 70_000, '等一下，我还有一个问题，我的积分怎么兑换？'),
      agent(70_500, 100_000, '积分可以在会员中心兑换礼品。'),
      customer(100_500, 103_000, '好，明白了。'),
      agent(103_500, 106_000, '好的，那就这样。'),
    ])
    expect(resultOf(t, 'closing')).toMatchObject({ outcome: 'fail', deduction: 3 })
  })

  it('counts a closing that ends within the last 30 s of the agent’s speech', () => {
    const t = call({}, [
      agent(0, 4000, OPENING),
      customer(4500, 50_000, '我想问一下积分。'),
      agent(50_500, 60_000, '积分可以兑换礼品，请问还有其他可以帮您的吗？'),
      customer(60_500, 80_000, '没有了，我再看看。'),
      agent(80_500, 85_000, '好的。'),
    ])
    expect(resultOf(t, 'closing').outcome).toBe('pass')
  })

  it('does not take 正在检查 (zheng zai jian cha) for 再见', () => {
    const result = resultOf(endingWith('好的，系统正在检查您的订单。'), 'closing')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
  })

  it('takes 在见 ending a clause for 再见 by its sound, and says so', () => {
    const result = resultOf(endingWith('好的，在见。'), 'closing')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(result.evidence[0]).toMatchObject({ note: '结束语：再见（同音：在见）', match: { phrase: '再见', heard: '在见', by: 'same-sound' } })
  })

  it('does not count a closing phrase said in the greeting of a short call', () => {
    const t = call({}, [
      agent(0, 5000, '您好，很高兴为您服务，还有什么可以帮您？'),
      customer(5500, 9000, '我查一下话费。'),
      agent(9500, 14_000, '您的话费余额是三十元。'),
      customer(14_500, 16_000, '好的。'),
    ])
    const result = resultOf(t, 'closing')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(result.evidence[0]).toMatchObject({ startMs: 9500, note: '未使用结束语（最后 30 秒）' })
  })

  it('is na on a mono transcript', () => {
    const t = call({ recording: { uri: 'file:///rec/mono.wav', channels: { mixed: 0 } } }, [unknown(0, 4000, '再见')])
    expect(resultOf(t, 'closing')).toMatchObject({ outcome: 'na', deduction: 0 })
  })
})
