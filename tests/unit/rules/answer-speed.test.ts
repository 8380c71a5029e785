import { describe, expect, it } from 'vitest'
import { notes, resultOf } from '../../helpers/score.js'
import { goodCall } from '../../helpers/transcript.js'

describe('answer-speed (三响之内接听)', () => {
  it('passes a call answered after 6 s of ringing', () => {
    const result = resultOf(goodCall({ ringSeconds: 6 }), 'answer-speed')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(notes(result)).toEqual(['振铃 6 秒（上限 15 秒）'])
  })

  it('passes at exactly the 15 s limit (three ring cycles)', () => {
    expect(resultOf(goodCall({ ringSeconds: 15 }), 'answer-speed').outcome).toBe('pass')
  })

  it('fails a call answered after 16 s and deducts its 5 points', () => {
    const result = resultOf(goodCall({ ringSeconds: 16 }), 'answer-speed')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 5 })
    expect(notes(result)).toEqual(['振铃 16 秒（上限 15 秒）'])
  })

  it('is na, not a silent pass, when the CDR has no ringSeconds', () => {
    const result = resultOf(goodCall({ ringSeconds: undefined }), 'answer-speed')
    expect(result).toMatchObject({ outcome: 'na', deduction: 0 })
    expect(notes(result)).toEqual(['话单缺少振铃时长'])
  })

  it('is na for an outbound call, whose ringing is the customer’s', () => {
    const result = resultOf(goodCall({ direction: 'outbound', ringSeconds: 40 }), 'answer-speed')
    expect(result).toMatchObject({ outcome: 'na', deduction: 0 })
    expect(notes(result)[0]).toMatch(/外呼/)
  })

  it('follows the ruleset’s maxRingSeconds and points', () => {
    const patch = { rules: { 'answer-speed': { maxRingSeconds: 10, points: 8 } } }
    expect(resultOf(goodCall({ ringSeconds: 10 }), 'answer-speed', patch).outcome).toBe('pass')
    expect(resultOf(goodCall({ ringSeconds: 11 }), 'answer-speed', patch)).toMatchObject({ outcome: 'fail', deduction: 8 })
  })
})
