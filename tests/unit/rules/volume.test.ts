import { describe, expect, it } from 'vitest'
import { notes, resultOf, score } from '../../helpers/score.js'
import { goodCall } from '../../helpers/transcript.js'

const enabled = { rules: { volume: { enabled: true } } }

describe('volume (音量适中)', () => {
  it('is off by default until calibrated: absent from the scorecard', () => {
    const card = score(goodCall({ audio: { agent: { maxDbfs: -0.5 } } }))
    expect(card.results.map((r) => r.ruleId)).not.toContain('volume')
    expect(card.score).toBe(100)
  })

  it('passes an agent channel under the ceiling', () => {
    const result = resultOf(goodCall({ audio: { agent: { maxDbfs: -12 } } }), 'volume', enabled)
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(notes(result)).toEqual(['坐席最大音量 -12 dBFS（上限 -3 dBFS）'])
  })

  it('passes exactly at the ceiling', () => {
    expect(resultOf(goodCall({ audio: { agent: { maxDbfs: -3 } } }), 'volume', enabled).outcome).toBe('pass')
  })

  it('fails an agent channel louder than the ceiling and deducts 2 points', () => {
    const result = resultOf(goodCall({ audio: { agent: { maxDbfs: -1 } } }), 'volume', enabled)
    expect(result).toMatchObject({ outcome: 'fail', deduction: 2 })
    expect(notes(result)).toEqual(['坐席最大音量 -1 dBFS（上限 -3 dBFS）'])
  })

  it('is na when the transcript carries no loudness for the agent channel', () => {
    expect(resultOf(goodCall(), 'volume', enabled)).toMatchObject({
      outcome: 'na',
      deduction: 0,
      evidence: [{ note: '转写缺少坐席声道的响度数据（重新转写录音可补上）' }],
    })
    // A loud customer says nothing about the agent.
    expect(resultOf(goodCall({ audio: { customer: { maxDbfs: -0.1 } } }), 'volume', enabled).outcome).toBe('na')
  })

  it('follows the ruleset’s maxDbfs', () => {
    const strict = { rules: { volume: { enabled: true, maxDbfs: -6 } } }
    expect(resultOf(goodCall({ audio: { agent: { maxDbfs: -5 } } }), 'volume', strict).outcome).toBe('fail')
  })
})
