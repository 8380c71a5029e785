import { describe, expect, it } from 'vitest'
import { notes, resultOf } from '../../helpers/score.js'
import { goodCall } from '../../helpers/transcript.js'

describe('hangup-order (客户先挂机)', () => {
  it('passes when the customer hangs up first', () => {
    const result = resultOf(goodCall({ hangupBy: 'customer' }), 'hangup-order')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(notes(result)).toEqual(['客户先挂机'])
  })

  it('passes when the system ends the call', () => {
    const result = resultOf(goodCall({ hangupBy: 'system' }), 'hangup-order')
    expect(result).toMatchObject({ outcome: 'pass', deduction: 0 })
    expect(notes(result)).toEqual(['系统挂机'])
  })

  it('fails when the agent hangs up first and deducts 3 points', () => {
    const result = resultOf(goodCall({ hangupBy: 'agent' }), 'hangup-order')
    expect(result).toMatchObject({ outcome: 'fail', deduction: 3 })
    expect(notes(result)).toEqual(['坐席先挂机'])
  })

  it('is na when the CDR does not say who hung up', () => {
    const result = resultOf(goodCall({ hangupBy: undefined }), 'hangup-order')
    expect(result).toMatchObject({ outcome: 'na', deduction: 0 })
    expect(notes(result)).toEqual(['话单缺少挂机方'])
  })
})
