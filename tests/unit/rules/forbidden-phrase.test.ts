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

  describe('by sound (telephone ASR writes what it heard)', () => {
    it('catches 你有病吧 heard as 你有冰霸: fatal, saying what was heard and how it matched', () => {
      const result = resultOf(agentSays('你有冰霸，说了多少遍了。'), 'forbidden-phrase')
      expect(result).toMatchObject({ outcome: 'fail', severity: 'fatal' })
      expect(result.evidence).toEqual([
        {
          startMs: 10_000,
          endMs: 15_000,
          speaker: 'agent',
          text: '你有冰霸，说了多少遍了。',
          note: '服务忌语（致命）：有病（同音：有冰）',
          match: { phrase: '有病', heard: '有冰', by: 'same-sound' },
        },
      ])
      expect(score(agentSays('你有冰霸。')).score).toBe(0)
    })

    it('matches long phrases on near sounds (fuzzy initials and finals), short ones on the same sound only', () => {
      // 你是不是傻 heard as 你四不四傻: shi / si folded, five syllables stay specific.
      expect(resultOf(agentSays('你四不四傻啊？'), 'forbidden-phrase').evidence[0]).toMatchObject({
        note: '服务忌语（致命）：你是不是傻（近音：你四不四傻）',
        match: { by: 'near-sound' },
      })
      // 去死 (qu si) folded would be 去十 (qu shi): two syllables are not specific enough for near sounds.
      expect(resultOf(agentSays('您可以去十楼办理。'), 'forbidden-phrase').outcome).toBe('pass')
      expect(notes(resultOf(agentSays('不知到怎么弄。'), 'forbidden-phrase'))).toEqual(['服务忌语（轻微）：不知道（同音：不知到）'])
    })

    it('never matches a single character by its sound (滚 is not 棍)', () => {
      expect(resultOf(agentSays('这根棍子是赠品。'), 'forbidden-phrase').outcome).toBe('pass')
    })

    it('applies exceptions to matches by sound: 有冰毒 is heard 有病毒', () => {
      expect(resultOf(agentSays('您的电脑可能有冰毒，建议先杀毒。'), 'forbidden-phrase').outcome).toBe('pass')
      // An exception heard by sound does not excuse the phrase written out (有病读 ≠ 有病毒 as written).
      expect(resultOf(agentSays('你有病读不懂吗。'), 'forbidden-phrase')).toMatchObject({ outcome: 'fail', severity: 'fatal' })
    })

    it('prefers the match as written when a phrase is both written and heard', () => {
      const result = resultOf(agentSays('你有病吧。'), 'forbidden-phrase')
      expect(result.evidence).toHaveLength(1)
      expect(result.evidence[0]).toMatchObject({ note: '服务忌语（致命）：有病' })
      expect(result.evidence[0]).not.toHaveProperty('match')
    })

    it('takes 为你好 at the start of the call for 喂，你好, but not 为您服务 or 为 alone', () => {
      const opening = (first: string) => call({}, [agent(0, 4000, first), customer(4500, 9000, '我查一下话费。'), agent(10_000, 15_000, '好的，请稍等。')])
      expect(resultOf(opening('为你好，这里是星河客服。'), 'forbidden-phrase').evidence[0]).toMatchObject({
        note: '服务忌语（轻微）：喂（同音：为）',
        match: { phrase: '喂', heard: '为', by: 'same-sound' },
      })
      expect(resultOf(opening('为您服务的是八号客服。'), 'forbidden-phrase').outcome).toBe('pass')
      expect(resultOf(opening('为了您的安全，通话会被录音。'), 'forbidden-phrase').outcome).toBe('pass')
    })
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
