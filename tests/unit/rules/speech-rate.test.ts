import { describe, expect, it } from 'vitest'
import { notes, resultOf, score } from '../../helpers/score.js'
import { agent, call, customer, filler, unknown } from '../../helpers/transcript.js'

/** Two 15 s agent turns (30 s of agent speech) with `first` and `second` characters, the customer in between. */
function twoTurns(first: number, second: number, punctuation = '') {
  return call({}, [
    agent(0, 15_000, filler(first) + punctuation),
    customer(15_500, 20_000, '好的，我知道了，那我的订单什么时候能到？'),
    agent(20_500, 35_500, filler(second) + punctuation),
  ])
}

describe('speech-rate (语速适中)', () => {
  it('passes 150 characters a minute', () => {
    const result = resultOf(twoTurns(37, 38), 'speech-rate')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(notes(result)).toEqual(['语速 150 字/分钟（标准 140–160，容差 ±20）'])
  })

  it('passes 170 a minute: above 160 but within the ±20 tolerance', () => {
    expect(resultOf(twoTurns(42, 43), 'speech-rate')).toMatchObject({ outcome: 'pass', evidence: [{ note: expect.stringMatching(/^语速 170 字/) }] })
  })

  it('passes exactly at the tolerance edge (180) and fails just beyond it (182)', () => {
    expect(resultOf(twoTurns(45, 45), 'speech-rate').outcome).toBe('pass')
    expect(resultOf(twoTurns(45, 46), 'speech-rate').outcome).toBe('fail')
  })

  it('fails 200 a minute as too fast, with the fastest turns as evidence', () => {
    const t = twoTurns(60, 40)
    const result = resultOf(t, 'speech-rate')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(result.evidence).toEqual([
      { note: '语速过快：语速 200 字/分钟（标准 140–160，容差 ±20）' },
      expect.objectContaining({ startMs: 0, endMs: 15_000, speaker: 'agent', note: '偏快：240 字/分钟' }),
      expect.objectContaining({ startMs: 20_500, endMs: 35_500, speaker: 'agent', note: '偏快：160 字/分钟' }),
    ])
    expect(score(t).metrics.agentCharsPerMinute).toBe(200)
  })

  it('fails 100 a minute as too slow, with the slowest turns first', () => {
    const result = resultOf(twoTurns(30, 20), 'speech-rate')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(notes(result)).toEqual(['语速过慢：语速 100 字/分钟（标准 140–160，容差 ±20）', '偏慢：80 字/分钟', '偏慢：120 字/分钟'])
  })

  it('does not count punctuation as speech', () => {
    // 37 + 38 characters plus punctuation in 30 s is still 150 a minute.
    expect(notes(resultOf(twoTurns(37, 38, '，。！？'), 'speech-rate'))).toEqual(['语速 150 字/分钟（标准 140–160，容差 ±20）'])
  })

  it('keeps turns shorter than 3 s out of the evidence', () => {
    const t = call({}, [
      agent(0, 2000, filler(10)), // 300 a minute, but too short to show as evidence
      customer(2500, 5000, '嗯，然后呢？'),
      agent(5500, 30_500, filler(80)),
    ])
    const result = resultOf(t, 'speech-rate')
    expect(result.outcome).toBe('fail')
    expect(result.evidence.map((e) => e.startMs)).toEqual([undefined, 5500])
  })

  it('is na with too little agent speech (10 s < 20 s) to judge a rate', () => {
    const t = call({}, [agent(0, 5000, filler(40)), customer(5500, 30_000, '我说一下我的情况。'), agent(30_500, 35_500, filler(40))])
    const result = resultOf(t, 'speech-rate')
    expect(result).toMatchObject({ outcome: 'na', deduction: 0 })
    expect(notes(result)).toEqual(['坐席说话 10 秒，少于 20 秒，语速无法判断'])
  })

  it('is na when the agent never speaks', () => {
    expect(resultOf(call({}, [customer(0, 30_000, '喂？喂？')]), 'speech-rate').outcome).toBe('na')
  })

  it('is na on a mono transcript', () => {
    const t = call({ recording: { uri: 'file:///rec/mono.wav', channels: { mixed: 0 } } }, [unknown(0, 30_000, filler(200))])
    expect(resultOf(t, 'speech-rate')).toMatchObject({ outcome: 'na', deduction: 0 })
  })

  it('follows the ruleset’s band and tolerance', () => {
    const strict = { rules: { 'speech-rate': { toleranceCharsPerMinute: 0 } } }
    expect(resultOf(twoTurns(42, 43), 'speech-rate', strict).outcome).toBe('fail') // 170 > 160
  })
})
