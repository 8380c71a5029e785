import { describe, expect, it } from 'vitest'
import type { Scorecard } from '../../pipelines/contracts/scorecard.js'
import { agreementReport } from '../../pipelines/review/agreement.js'
import { applyDecisions } from '../../pipelines/review/decisions.js'
import { parseRange } from '../../services/api/routes/calls.js'

const card: Scorecard = {
  callId: 'C1',
  ruleset: { id: 'default', version: 1 },
  score: 0,
  fatal: true,
  results: [
    { ruleId: 'greeting', outcome: 'fail', deduction: 5, evidence: [] },
    { ruleId: 'forbidden-phrase', outcome: 'fail', deduction: 20, severity: 'fatal', evidence: [] },
    { ruleId: 'recap', outcome: 'fail', deduction: 3.5, evidence: [] },
    { ruleId: 'closing', outcome: 'pass', deduction: 0, evidence: [] },
  ],
  metrics: { agentCharsPerMinute: null, overtalkCount: null, longestAgentSilenceMs: null },
  scoredAt: '2026-11-03T10:00:00Z',
}

describe('a review of a scorecard', () => {
  it('scores only the confirmed failures: overturning the fatal one lifts the zero', () => {
    const r = applyDecisions(card, [
      { ruleId: 'greeting', verdict: 'confirmed', comment: '' },
      { ruleId: 'forbidden-phrase', verdict: 'overturned', comment: '客户说的，不是坐席' },
      { ruleId: 'recap', verdict: 'confirmed', comment: '' },
    ])
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ reviewedScore: 91.5, fatal: false }) })
    const all = applyDecisions(card, ['greeting', 'forbidden-phrase', 'recap'].map((ruleId) => ({ ruleId: ruleId as 'recap', verdict: 'confirmed' as const, comment: '' })))
    expect(all.ok && all.value).toMatchObject({ reviewedScore: 0, fatal: true })
  })

  it('names every missing, extra, repeated or unexplained decision', () => {
    const r = applyDecisions(card, [
      { ruleId: 'greeting', verdict: 'overturned', comment: ' ' },
      { ruleId: 'greeting', verdict: 'confirmed', comment: '' },
      { ruleId: 'closing', verdict: 'confirmed', comment: '' },
    ])
    expect(r.ok).toBe(false)
    expect(!r.ok && r.problems.map((p) => ({ path: p.path, message: p.message.en }))).toEqual([
      { path: '$.decisions[0].comment', message: 'an overturn needs a comment' },
      { path: '$.decisions[1].ruleId', message: 'greeting is decided twice' },
      { path: '$.decisions[2].ruleId', message: 'closing did not fail on this scorecard' },
      { path: '$.decisions', message: 'no decision for failed rule forbidden-phrase' },
      { path: '$.decisions', message: 'no decision for failed rule recap' },
    ])
    expect(!r.ok && r.problems[0]!.message.zh).toBe('推翻需要填写理由')
  })

  it('adjusts a confirmed deduction with a reason, and adds what the machine missed', () => {
    const decisions = [
      { ruleId: 'greeting' as const, verdict: 'confirmed' as const, deduction: 2, comment: '开场白只漏了工号，从轻' },
      { ruleId: 'forbidden-phrase' as const, verdict: 'overturned' as const, comment: '客户说的' },
      { ruleId: 'recap' as const, verdict: 'confirmed' as const, comment: '' },
    ]
    const added = [{ ruleId: 'closing' as const, deduction: 4, fatal: false, startMs: 60_000, endMs: 64_000, quote: '行了就这样吧', comment: '结束语不规范，机评漏检' }]
    const r = applyDecisions(card, decisions, added)
    expect(r.ok && r.value).toMatchObject({ reviewedScore: 100 - 2 - 3.5 - 4, fatal: false })
    expect(r.ok && r.value.decisions[0]).toEqual({ ...decisions[0], deduction: 2, machineDeduction: 5 })
    expect(r.ok && r.value.decisions[2]).not.toHaveProperty('machineDeduction')
    const fatalAdded = applyDecisions(card, decisions, [{ ...added[0]!, fatal: true }])
    expect(fatalAdded.ok && fatalAdded.value).toMatchObject({ reviewedScore: 0, fatal: true })
    const bad = applyDecisions(
      card,
      [{ ...decisions[0]!, comment: '' }, { ...decisions[1]!, deduction: 3 }, decisions[2]!],
      [{ ...added[0]!, ruleId: 'recap' }, added[0]!, added[0]!],
    )
    expect(!bad.ok && bad.problems.map((p) => `${p.path} ${p.message.en}`)).toEqual([
      '$.decisions[0].comment an adjusted deduction needs a comment',
      '$.decisions[1].deduction an overturned rule deducts nothing; only a confirmed one can be adjusted',
      '$.added[0].ruleId recap already failed on this scorecard; confirm or adjust it instead',
      '$.added[2].ruleId closing is added twice',
    ])
  })
})

describe('calibration agreement', () => {
  it('finds the majority per rule, each inspector’s agreement with it, and Fleiss’ kappa', () => {
    const c = 'confirmed' as const
    const o = 'overturned' as const
    const report = agreementReport([
      { reviewer: 'a', decisions: [{ ruleId: 'greeting', verdict: c }, { ruleId: 'recap', verdict: c }] },
      { reviewer: 'b', decisions: [{ ruleId: 'greeting', verdict: c }, { ruleId: 'recap', verdict: o }] },
      { reviewer: 'c', decisions: [{ ruleId: 'greeting', verdict: c }, { ruleId: 'recap', verdict: c }] },
    ])
    expect(report.rules).toEqual([
      { ruleId: 'greeting', verdicts: { a: c, b: c, c }, majority: c, agreement: 1 },
      { ruleId: 'recap', verdicts: { a: c, b: o, c }, majority: c, agreement: 2 / 3 },
    ])
    expect(report.inspectors).toEqual([
      { reviewer: 'a', rules: 2, withMajority: 2, rate: 1 },
      { reviewer: 'b', rules: 2, withMajority: 1, rate: 0.5 },
      { reviewer: 'c', rules: 2, withMajority: 2, rate: 1 },
    ])
    // P̄ = (1 + 1/3) / 2 = 2/3; p(confirmed) = 5/6, Pe = 25/36 + 1/36 = 26/36; κ = (2/3 − 26/36) / (1 − 26/36) = −0.2
    expect(report.fleissKappa).toBeCloseTo(-0.2, 10)
  })

  it('has no majority on a tie and no kappa when everyone agrees on one category', () => {
    const tie = agreementReport([
      { reviewer: 'a', decisions: [{ ruleId: 'recap', verdict: 'confirmed' }] },
      { reviewer: 'b', decisions: [{ ruleId: 'recap', verdict: 'overturned' }] },
    ])
    expect(tie.rules[0]).toMatchObject({ majority: null, agreement: 0.5 })
    expect(tie.inspectors.every((i) => i.rate === null)).toBe(true)
    const same = agreementReport(['a', 'b'].map((reviewer) => ({ reviewer, decisions: [{ ruleId: 'recap', verdict: 'confirmed' as const }] })))
    expect(same.fleissKappa).toBeNull()
  })
})

describe('byte ranges for audio', () => {
  it('reads the forms browsers send and refuses what cannot be served', () => {
    expect(parseRange(undefined, 100)).toBeUndefined()
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-5', 100)).toEqual({ start: 95, end: 99 })
    expect(parseRange('bytes=50-1000', 100)).toEqual({ start: 50, end: 99 })
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-1,5-9', 100)).toBeUndefined()
    expect(parseRange('items=0-9', 100)).toBeUndefined()
  })
})
