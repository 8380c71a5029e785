import { describe, expect, it } from 'vitest'
import { notes, resultOf, score } from '../../helpers/score.js'
import { agent, call, customer, unknown } from '../../helpers/transcript.js'

const OPENING = '您好，很高兴为您服务，请问有什么可以帮您？'

/** A call with the standard opening, then the customer, then the agent saying `reply` at 10 s. */
function agentSays(reply: string) {
  return call({}, [agent(0, 4000, OPENING), customer(4500, 9000, '我的快递三天了还没到。'), agent(10_000, 15_000, reply)])
}

describe('forbidden-phrase (服务忌语)', () => {
  it('passes a call without forbidden phrases, with no evidence', () => {
    expect(resultOf(agentSays('好的，我帮您查询一下物流信息。'), 'forbidden-phrase')).toEqual({
      ruleId: 'forbidden-phrase',
      outcome: 'pass',
      deduction: 0,
      evidence: [],
    })
  })

  it('deducts 2 points for a minor phrase (不知道) and points at the utterance', () => {
    const result = resultOf(agentSays('这个我不知道。'), 'forbidden-phrase')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 2, severity: 'minor' })
    expect(result.evidence).toEqual([
      { startMs: 10_000, endMs: 15_000, speaker: 'agent', text: '这个我不知道。', note: '服务忌语（轻微）：不知道' },
    ])
  })

  it('deducts 5 points for a major phrase (这是规定)', () => {
    const result = resultOf(agentSays('没有为什么，这是规定。'), 'forbidden-phrase')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 5, severity: 'major' })
    expect(notes(result)).toEqual(['服务忌语（严重）：这是规定'])
  })

  it('reads traditional characters (這是規定)', () => {
    expect(notes(resultOf(agentSays('這是規定。'), 'forbidden-phrase'))).toEqual(['服务忌语（严重）：这是规定'])
  })

  it('counts a longer forbidden phrase once, not the shorter one inside it (我也没办法 ⊃ 没办法)', () => {
    const result = resultOf(agentSays('我也没办法。'), 'forbidden-phrase')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 5, severity: 'major' })
    expect(notes(result)).toEqual(['服务忌语（严重）：我也没办法'])
  })

  it('caps the deduction at 20 points', () => {
    const t = call({}, [
      agent(0, 4000, OPENING),
      customer(4500, 9000, '为什么不能退？'),
      agent(10_000, 20_000, '这是规定，不归我管，跟我没关系，你去投诉吧，爱找谁找谁。'),
    ])
    const result = resultOf(t, 'forbidden-phrase')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 20, severity: 'major' })
    expect(result.evidence).toHaveLength(5)
  })

  describe('exceptions', () => {
    it('不知道您… is not a forbidden phrase', () => {
      expect(resultOf(agentSays('不知道您还有什么其他问题？'), 'forbidden-phrase').outcome).toBe('pass')
    })

    it('滚动 is not 滚', () => {
      expect(resultOf(agentSays('您把页面往下滚动就能看到订单了。'), 'forbidden-phrase').outcome).toBe('pass')
    })

    it('没有病 is not 有病', () => {
      expect(resultOf(agentSays('检测结果显示您的宠物没有病。'), 'forbidden-phrase').outcome).toBe('pass')
    })

    it('an exception excuses only the occurrence it covers', () => {
      const result = resultOf(agentSays('不知道您在说什么，我不知道。'), 'forbidden-phrase')
      expect(result).toMatchObject({ outcome: 'fail', deduction: 2 })
      expect(notes(result)).toEqual(['服务忌语（轻微）：不知道'])
    })
  })

  describe('fatal phrases', () => {
    it('an agent swearing (滚) is fatal and zeroes the score', () => {
      const t = agentSays('你烦不烦啊，滚！')
      const result = resultOf(t, 'forbidden-phrase')
      expect(result).toMatchObject({ outcome: 'fail', severity: 'fatal' })
      expect(result.evidence).toEqual([
        { startMs: 10_000, endMs: 15_000, speaker: 'agent', text: '你烦不烦啊，滚！', note: '服务忌语（致命）：滚' },
      ])
      expect(score(t)).toMatchObject({ score: 0, fatal: true })
    })

    it('有病 said by the agent is fatal', () => {
      const t = agentSays('你有病吧。')
      expect(notes(resultOf(t, 'forbidden-phrase'))).toEqual(['服务忌语（致命）：有病'])
      expect(score(t)).toMatchObject({ score: 0, fatal: true })
    })

    it('the customer swearing (滚, 有病) is not the agent’s fault', () => {
      const t = call({}, [
        agent(0, 4000, OPENING),
        customer(4500, 9000, '你们公司有病吧！滚！'),
        agent(10_000, 15_000, '非常抱歉给您带来不便，我马上帮您处理。'),
      ])
      expect(resultOf(t, 'forbidden-phrase')).toMatchObject({ outcome: 'pass', deduction: 0 })
      expect(score(t).fatal).toBe(false)
    })
  })

  describe('喂', () => {
    it('opening with 喂 is a minor forbidden phrase', () => {
      const t = call({}, [agent(0, 4000, '喂，你好，请讲。'), customer(4500, 9000, '我想查订单。')])
      const result = resultOf(t, 'forbidden-phrase')
      expect(result).toMatchObject({ outcome: 'fail', deduction: 2, severity: 'minor' })
      expect(result.evidence).toEqual([{ startMs: 0, endMs: 4000, speaker: 'agent', text: '喂，你好，请讲。', note: '服务忌语（轻微）：喂' }])
    })

    it('喂 later in the call (checking the line) is fine', () => {
      const t = call({}, [
        agent(0, 4000, OPENING),
        customer(4500, 9000, '我想查订单。'),
        agent(10_000, 13_000, '喂，先生，您还在听吗？'),
        customer(13_500, 15_000, '在的。'),
      ])
      expect(resultOf(t, 'forbidden-phrase')).toMatchObject({ outcome: 'pass', deduction: 0 })
    })

    it('喂 inside the first utterance but not at its start is not an opener', () => {
      const t = call({}, [agent(0, 4000, '您好，喂？能听到吗？请问有什么可以帮您？'), customer(4500, 9000, '能听到。')])
      expect(resultOf(t, 'forbidden-phrase').outcome).toBe('pass')
    })

    it('喂 said by the customer first is not the agent’s opener', () => {
      const t = call({}, [customer(0, 1000, '喂？'), agent(1200, 5000, OPENING)])
      expect(resultOf(t, 'forbidden-phrase').outcome).toBe('pass')
    })
  })

  it('is na on a mono transcript', () => {
    const t = call({ recording: { uri: 'file:///rec/mono.wav', channels: { mixed: 0 } } }, [unknown(0, 4000, '滚！')])
    expect(resultOf(t, 'forbidden-phrase')).toMatchObject({ outcome: 'na', deduction: 0 })
    expect(score(t).fatal).toBe(false)
  })
})
