import { describe, expect, it } from 'vitest'
import { notes, resultOf, score } from '../../helpers/score.js'
import { agent, call, customer, unknown } from '../../helpers/transcript.js'

const OPENING = '您好，很高兴为您服务，请问有什么可以帮您？'
const QUESTION = '我想查一下我的订单为什么还没发货。'

/** Opening, the customer's question, then `rest` from 10 s on. */
function hold(...rest: ReturnType<typeof agent>[]) {
  return call({}, [agent(0, 4000, OPENING), customer(4500, 9000, QUESTION), ...rest])
}

describe('hold-checkin (等待时每30秒回应)', () => {
  it('passes a call without holds', () => {
    expect(resultOf(hold(agent(9500, 14_000, '好的，您的订单明天发货。')), 'hold-checkin')).toMatchObject({
      outcome: 'pass',
      evidence: [{ note: '无等待' }],
    })
  })

  it('passes an announced 20 s hold closed with thanks', () => {
    const t = hold(agent(10_000, 13_000, '好的，我帮您查一下，请您稍等。'), agent(33_000, 38_000, '感谢您的耐心等待，您的订单明天发货。'))
    const result = resultOf(t, 'hold-checkin')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(notes(result)).toEqual(['等待 1 次，均按规范提示与回应'])
  })

  it('fails a 45 s silence even when announced and thanked, pointing at the silent span', () => {
    const t = hold(agent(10_000, 13_000, '好的，请您稍等。'), agent(58_000, 62_000, '感谢您的耐心等待，查到了。'))
    const result = resultOf(t, 'hold-checkin')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(result.evidence).toEqual([{ startMs: 13_000, endMs: 58_000, note: '等待 45 秒未回应客户（上限 30 秒）' }])
  })

  it('passes a 60 s hold with a check-in every 25 s (请您再稍等一下) and thanks at the end', () => {
    const t = hold(
      agent(10_000, 13_000, '好的，我帮您查询一下，请您稍等。'),
      agent(38_000, 40_000, '请您再稍等一下。'),
      agent(65_000, 67_000, '请您再稍等一下。'),
      agent(73_000, 77_000, '感谢您的耐心等待，您的订单已经发货了。'),
    )
    const result = resultOf(t, 'hold-checkin')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(notes(result)).toEqual(['等待 2 次，均按规范提示与回应'])
  })

  it('fails an unannounced hold', () => {
    const t = hold(agent(10_000, 12_000, '好的。'), agent(32_000, 36_000, '感谢您的耐心等待，查到了。'))
    const result = resultOf(t, 'hold-checkin')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    // The quote and the time are the same line, so clicking the evidence plays what was said.
    expect(result.evidence).toEqual([{ startMs: 10_000, endMs: 12_000, speaker: 'agent', text: '好的。', note: '等待 20 秒前未提示客户稍等' }])
  })

  it('fails a hold the agent comes back from without thanks', () => {
    const t = hold(agent(10_000, 12_000, '请您稍等。'), agent(32_000, 36_000, '您的订单明天发货。'))
    const result = resultOf(t, 'hold-checkin')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(result.evidence).toEqual([
      { startMs: 32_000, endMs: 36_000, speaker: 'agent', text: '您的订单明天发货。', note: '等待 20 秒后未感谢客户耐心等待' },
    ])
  })

  it('reports every fault of a hold, capped at 9 points', () => {
    const t = hold(
      agent(10_000, 12_000, '好的。'),
      agent(52_000, 54_000, '您的订单明天发货。'), // 40 s, unannounced, no thanks: 3 faults
      customer(54_500, 56_000, '那另一个呢？'),
      agent(57_000, 58_000, '嗯。'),
      agent(98_000, 100_000, '那个也明天发货。'), // 40 s again: 3 more faults
    )
    const result = resultOf(t, 'hold-checkin')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 9 })
    expect(result.evidence).toHaveLength(6)
  })

  it('still sees a hold when the customer only asks 喂，还在吗 (≤ 5 s) during it', () => {
    const t = hold(
      agent(10_000, 12_000, '请您稍等。'),
      customer(40_000, 42_000, '喂，还在吗？'),
      agent(57_000, 60_000, '感谢您的耐心等待。'),
    )
    const result = resultOf(t, 'hold-checkin')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(notes(result)).toEqual(['等待 45 秒未回应客户（上限 30 秒）'])
  })

  it('the customer talking for 40 s while the agent listens is not a hold', () => {
    const t = call({}, [
      agent(0, 4000, OPENING),
      customer(4500, 44_500, '我跟你说一下情况，上个月我在你们这里买了一台洗衣机，送来的时候包装就是破的……'),
      agent(45_000, 50_000, '非常抱歉，我马上帮您登记。'),
    ])
    expect(resultOf(t, 'hold-checkin')).toMatchObject({ outcome: 'pass', evidence: [{ note: '无等待' }] })
    expect(score(t).metrics.longestAgentSilenceMs).toBe(41_000)
  })

  it('ignores agent pauses shorter than 10 s', () => {
    const t = hold(agent(10_000, 12_000, '好的。'), agent(21_000, 24_000, '您的订单明天发货。'))
    expect(resultOf(t, 'hold-checkin')).toMatchObject({ outcome: 'pass', evidence: [{ note: '无等待' }] })
  })

  it('is na on a mono transcript', () => {
    const t = call({ recording: { uri: 'file:///rec/mono.wav', channels: { mixed: 0 } } }, [
      unknown(0, 3000, '请稍等。'),
      unknown(60_000, 62_000, '查到了。'),
    ])
    expect(resultOf(t, 'hold-checkin')).toMatchObject({ outcome: 'na', deduction: 0 })
  })
})
