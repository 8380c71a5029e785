import { describe, expect, it } from 'vitest'
import { notes, resultOf, score } from '../../helpers/score.js'
import { agent, call, customer, unknown } from '../../helpers/transcript.js'

const OPENING = '您好，很高兴为您服务，请问有什么可以帮您？'
const COMPLAINT = '我上周买的冰箱送来就是坏的，打了三次电话都没人管，你们到底怎么回事？'

/** The customer complains from 5 s to 20 s; the agent's `during` turns fall inside or around it. */
function complaint(...during: ReturnType<typeof agent>[]) {
  return call({}, [agent(0, 4000, OPENING), customer(5000, 20_000, COMPLAINT), ...during])
}

describe('interruption (不打断客户)', () => {
  it('passes a call where the agent waits for the customer to finish', () => {
    const result = resultOf(complaint(agent(20_500, 25_000, '非常抱歉，我马上帮您处理。')), 'interruption')
    expect(result).toEqual({ ruleId: 'interruption', outcome: 'pass', deduction: 0, evidence: [] })
  })

  it('counts an agent utterance that starts while the customer speaks and overlaps ≥ 500 ms', () => {
    const t = complaint(agent(12_000, 16_000, '您先别急，您听我说，这个情况我们已经知道了。'))
    const result = resultOf(t, 'interruption')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 2 })
    expect(result.evidence).toEqual([
      {
        startMs: 12_000,
        endMs: 16_000,
        speaker: 'agent',
        text: '您先别急，您听我说，这个情况我们已经知道了。',
        note: `客户说话时插话（客户 0:05–0:20 说“${COMPLAINT}”），重叠 4 秒`,
      },
    ])
  })

  it('counts an overlap of exactly 500 ms', () => {
    const result = resultOf(complaint(agent(19_500, 23_000, '我明白您的意思，这个问题我来帮您处理。')), 'interruption')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 2 })
    expect(notes(result)[0]).toMatch(/重叠 0.5 秒$/)
  })

  it('does not count an agent utterance overlapping less than 500 ms', () => {
    const result = resultOf(complaint(agent(19_600, 23_000, '我明白您的意思，这个问题我来帮您处理。')), 'interruption')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
  })

  describe('back-channels are not interruptions', () => {
    it('short 嗯 / 对 / 好的 (≤ 1 s) while the customer speaks', () => {
      const t = complaint(agent(8000, 8600, '嗯'), agent(11_000, 11_800, '对'), agent(15_000, 15_900, '好的'))
      expect(resultOf(t, 'interruption')).toMatchObject({ outcome: 'pass', deduction: 0 })
      // They are overtalk all the same; the metric counts them, the rule excuses them.
      expect(score(t).metrics.overtalkCount).toBe(3)
    })

    it('a longer 嗯嗯，对对 (2.5 s) that is still only back-channel words', () => {
      const t = complaint(agent(9000, 11_500, '嗯嗯，对对。'))
      expect(resultOf(t, 'interruption')).toMatchObject({ outcome: 'pass', deduction: 0 })
    })

    it('a short utterance of other words (≤ 1 s) is still a back-channel', () => {
      expect(resultOf(complaint(agent(9000, 10_000, '我知道')), 'interruption').outcome).toBe('pass')
    })

    it('but a longer utterance mixing back-channels with other words is an interruption', () => {
      const result = resultOf(complaint(agent(9000, 11_500, '好的好的，我知道了。')), 'interruption')
      expect(result).toMatchObject({ outcome: 'fail', deduction: 2 })
      expect(notes(result)[0]).toMatch(/重叠 2.5 秒$/)
    })
  })

  it('the customer interrupting the agent is not the agent’s fault', () => {
    const t = call({}, [
      agent(0, 4000, OPENING),
      customer(4500, 8000, '我要退货。'),
      agent(8500, 20_000, '好的，退货需要您先在订单页面提交申请，然后我们会安排快递上门取件，取件后三到五个工作日退款。'),
      customer(12_000, 15_000, '等一下，要多久？'),
    ])
    expect(resultOf(t, 'interruption')).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(score(t).metrics.overtalkCount).toBe(1)
  })

  it('deducts 2 points per interruption, capped at 10', () => {
    const utterances = [agent(0, 4000, OPENING)]
    for (let i = 0; i < 6; i++) {
      const start = 5000 + i * 10_000
      utterances.push(customer(start, start + 8000, '我跟你说，这个问题已经很久了。'))
      utterances.push(agent(start + 4000, start + 9000, '您听我说，这个不是我们的问题。'))
    }
    const result = resultOf(call({}, utterances), 'interruption')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 10 })
    expect(result.evidence).toHaveLength(6)
    expect(result.evidence.map((e) => e.startMs)).toEqual([9000, 19_000, 29_000, 39_000, 49_000, 59_000])
  })

  it('is na on a mono transcript, where nobody can tell who talks over whom', () => {
    const t = call({ recording: { uri: 'file:///rec/mono.wav', channels: { mixed: 0 } } }, [
      unknown(0, 10_000, COMPLAINT),
      unknown(10_000, 15_000, '您听我说。'),
    ])
    expect(resultOf(t, 'interruption')).toMatchObject({ outcome: 'na', deduction: 0 })
  })
})
