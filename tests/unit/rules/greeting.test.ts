import { describe, expect, it } from 'vitest'
import { notes, resultOf } from '../../helpers/score.js'
import { agent, call, customer, unknown } from '../../helpers/transcript.js'

/** A call whose opening the agent says at `startMs`, followed by the customer. */
function opening(text: string, startMs = 0) {
  return call({}, [agent(startMs, startMs + 4000, text), customer(startMs + 4500, startMs + 8000, '我想查一下订单。')])
}

const acme = { rules: { greeting: { companyNames: ['艾克美集团', '艾克美'] } } }

describe('greeting (标准开场白)', () => {
  it('passes the standard opening and points at it', () => {
    const result = resultOf(opening('您好，很高兴为您服务，请问有什么可以帮您？'), 'greeting')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(result.evidence).toEqual([
      { startMs: 0, endMs: 4000, speaker: 'agent', text: '您好，很高兴为您服务，请问有什么可以帮您？', note: '标准开场白' },
    ])
  })

  it('passes a greeting split over two turns within the first 10 s', () => {
    const t = call({}, [agent(0, 1500, '您好。'), agent(2000, 5000, '请问有什么可以帮您？'), customer(5500, 8000, '我想查订单。')])
    expect(resultOf(t, 'greeting').outcome).toBe('pass')
  })

  it('passes 你好 instead of 您好 (polite-words counts it as informal instead)', () => {
    expect(resultOf(opening('你好，请问有什么可以帮您？'), 'greeting').outcome).toBe('pass')
  })

  it('tolerates a dropped character in the help offer (您好很高兴您服务)', () => {
    expect(resultOf(opening('您好很高兴您服务'), 'greeting').outcome).toBe('pass')
  })

  it('tolerates a homophone in the help offer (很高兴未您服务)', () => {
    expect(resultOf(opening('您好，很高兴未您服务'), 'greeting').outcome).toBe('pass')
  })

  it('takes 您号 for 您好 by its sound, and names what it heard', () => {
    const result = resultOf(opening('您号，很高兴为您服务。'), 'greeting')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(result.evidence[0]).toMatchObject({ note: '标准开场白（按读音识别：您好（同音：您号））', match: { phrase: '您好', heard: '您号', by: 'same-sound' } })
  })

  it('reads traditional characters (您好，很高興為您服務)', () => {
    expect(resultOf(opening('您好，很高興為您服務'), 'greeting').outcome).toBe('pass')
  })

  it('fails an opening without a greeting word and says what is missing', () => {
    const result = resultOf(opening('请问有什么可以帮您？'), 'greeting')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 5 })
    expect(result.evidence).toEqual([
      { startMs: 0, endMs: 4000, speaker: 'agent', text: '请问有什么可以帮您？', note: '开场白缺少：问候语（您好）' },
    ])
  })

  it('fails an opening without an offer of help', () => {
    const result = resultOf(opening('您好。'), 'greeting')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 5 })
    expect(notes(result)).toEqual(['开场白缺少：服务用语（请问有什么可以帮您）'])
  })

  it('fails when the agent says nothing in the first 10 s, pointing at the late first words', () => {
    const result = resultOf(opening('您好，很高兴为您服务，请问有什么可以帮您？', 12_000), 'greeting')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 5 })
    expect(result.evidence).toEqual([
      expect.objectContaining({ startMs: 12_000, speaker: 'agent', note: '坐席在接通后 10 秒内没有说话' }),
    ])
  })

  it('fails when the agent never speaks', () => {
    const t = call({}, [customer(0, 3000, '喂？有人吗？')])
    expect(resultOf(t, 'greeting')).toMatchObject({ outcome: 'fail', deduction: 5, evidence: [{ note: '坐席在接通后 10 秒内没有说话' }] })
  })

  describe('with company names in the ruleset', () => {
    it('passes when the opening names the company', () => {
      expect(resultOf(opening('您好，艾克美集团，请问有什么可以帮您？'), 'greeting', acme).outcome).toBe('pass')
    })

    it('tolerates a filler inserted in the company name (艾克美呃集团)', () => {
      const result = resultOf(opening('您好，艾克美呃集团，很高兴为您服务。'), 'greeting', { rules: { greeting: { companyNames: ['艾克美集团'] } } })
      expect(result.outcome).toBe('pass')
    })

    it('fails an opening without the company name', () => {
      const result = resultOf(opening('您好，请问有什么可以帮您？'), 'greeting', acme)
      expect(result).toMatchObject({ outcome: 'fail', deduction: 5 })
      expect(notes(result)).toEqual(['开场白缺少：公司名称'])
    })

    it('lists every missing part', () => {
      expect(notes(resultOf(opening('嗯，说吧。'), 'greeting', acme))).toEqual([
        '开场白缺少：问候语（您好）、公司名称、服务用语（请问有什么可以帮您）',
      ])
    })
  })

  it('is na on a mono transcript', () => {
    const t = call({ recording: { uri: 'file:///rec/mono.wav', channels: { mixed: 0 } } }, [unknown(0, 4000, '您好，请问有什么可以帮您？')])
    expect(resultOf(t, 'greeting')).toMatchObject({ outcome: 'na', deduction: 0 })
  })
})
