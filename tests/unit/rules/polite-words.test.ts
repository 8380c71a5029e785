import { describe, expect, it } from 'vitest'
import { notes, resultOf } from '../../helpers/score.js'
import { agent, call, customer, goodCall, unknown } from '../../helpers/transcript.js'

describe('polite-words (礼貌用语)', () => {
  it('passes a polite call and reports the counts', () => {
    const result = resultOf(goodCall(), 'polite-words')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(notes(result)).toEqual(['礼貌用语 6 次（至少 3 次），称呼“您” 10 次、“你” 0 次'])
  })

  it('fails fewer than 3 polite words, counting 请 inside 请问 once', () => {
    const t = call({}, [
      agent(0, 3000, '请问什么事？'),
      customer(3500, 6000, '我的订单没到。'),
      agent(6500, 9000, '查到了，明天到，谢谢。'),
    ])
    const result = resultOf(t, 'polite-words')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(notes(result)).toEqual(['礼貌用语不足：礼貌用语 2 次（至少 3 次），称呼“您” 0 次、“你” 0 次'])
  })

  it('counts 你好 as informal address: one 你 against one 您 fails the 0.5 ratio', () => {
    const t = call({}, [agent(0, 4000, '你好，请问有什么可以帮您？'), customer(4500, 8000, '我想查订单。'), agent(8500, 11_000, '好的，谢谢，再见。')])
    const result = resultOf(t, 'polite-words')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(result.evidence).toEqual([
      { note: '“你”多于“您”的 0.5 倍：礼貌用语 3 次（至少 3 次），称呼“您” 1 次、“你” 1 次' },
      { startMs: 0, endMs: 4000, speaker: 'agent', text: '你好，请问有什么可以帮您？', note: '称呼客户用“你”' },
    ])
    // The same opening is still a greeting.
    expect(resultOf(t, 'greeting').outcome).toBe('pass')
  })

  it('tolerates an occasional 你 among many 您', () => {
    const t = goodCall()
    const withNiHao = { ...t, utterances: t.utterances.map((u, i) => (i === 0 ? { ...u, text: '你好，很高兴为您服务，请问有什么可以帮您？' } : u)) }
    const result = resultOf(withNiHao, 'polite-words')
    expect(result.outcome).toBe('pass')
    expect(notes(result)[0]).toMatch(/称呼“您” 9 次、“你” 1 次$/)
  })

  it('does not count the customer’s 你', () => {
    const t = call({}, [
      agent(0, 4000, '您好，请问有什么可以帮您？'),
      customer(4500, 8000, '你好，你帮我查一下，你们怎么回事？'),
      agent(8500, 11_000, '好的，谢谢您，再见。'),
    ])
    expect(resultOf(t, 'polite-words').outcome).toBe('pass')
  })

  it('is na on a mono transcript', () => {
    const t = call({ recording: { uri: 'file:///rec/mono.wav', channels: { mixed: 0 } } }, [unknown(0, 4000, '你你你')])
    expect(resultOf(t, 'polite-words')).toMatchObject({ outcome: 'na', deduction: 0 })
  })
})
