import { describe, expect, it } from 'vitest'
import { RULE_IDS } from '../../pipelines/contracts/rule-ids.js'
import { Scorecard } from '../../pipelines/contracts/scorecard.js'
import { NO_ATTRIBUTION } from '../../pipelines/scoring/rule.js'
import { SCORED_AT, score } from '../helpers/score.js'
import { agent, call, customer, goodCall, unknown } from '../helpers/transcript.js'

const MONO = { recording: { uri: 'file:///rec/mono.wav', channels: { mixed: 0 } } }
const TEXT_AND_TIMING_RULES = ['greeting', 'forbidden-phrase', 'polite-words', 'speech-rate', 'interruption', 'hold-checkin', 'recap', 'closing']

describe('scoreTranscript', () => {
  it('gives a call that keeps every rule 100 points and a valid scorecard', () => {
    const card = score(goodCall())
    expect(card).toMatchObject({
      callId: 'C20261101-0001',
      ruleset: { id: 'default', version: 1 },
      score: 100,
      fatal: false,
      scoredAt: SCORED_AT,
      agentId: 'A1001',
      teamId: 'T01',
      startedAt: '2026-11-01T09:15:02+08:00',
    })
    expect(card.results.filter((r) => r.outcome !== 'pass')).toEqual([])
    expect(Scorecard.safeParse(card).success).toBe(true)
  })

  it('lists results in RULE_IDS order, without disabled rules (volume is off by default)', () => {
    expect(score(goodCall()).results.map((r) => r.ruleId)).toEqual(RULE_IDS.filter((id) => id !== 'volume'))
    const all = score(goodCall(), { rules: { volume: { enabled: true } } })
    expect(all.results.map((r) => r.ruleId)).toEqual([...RULE_IDS])
  })

  describe('score arithmetic', () => {
    it('is 100 minus the deductions of the failed rules', () => {
      const card = score(goodCall({ ringSeconds: 20, hangupBy: 'agent' }))
      const failed = card.results.filter((r) => r.outcome === 'fail')
      expect(failed.map((r) => [r.ruleId, r.deduction])).toEqual([
        ['answer-speed', 5],
        ['hangup-order', 3],
      ])
      expect(card).toMatchObject({ score: 92, fatal: false })
    })

    it('does not deduct for na rules', () => {
      const card = score(goodCall({ ringSeconds: undefined, hangupBy: undefined }))
      expect(card.results.filter((r) => r.outcome === 'na').map((r) => r.ruleId)).toEqual(['answer-speed', 'hangup-order'])
      expect(card.score).toBe(100)
    })

    it('keeps fractional points exact to one decimal', () => {
      const patch = { rules: { 'answer-speed': { points: 0.1 }, 'hangup-order': { points: 0.2 } } }
      expect(score(goodCall({ ringSeconds: 20, hangupBy: 'agent' }), patch).score).toBe(99.7)
    })

    it('never goes below 0, and that alone is not fatal', () => {
      const patch = { rules: { 'answer-speed': { points: 60 }, 'hangup-order': { points: 60 } } }
      expect(score(goodCall({ ringSeconds: 20, hangupBy: 'agent' }), patch)).toMatchObject({ score: 0, fatal: false })
    })
  })

  describe('fatal', () => {
    it('a fatal forbidden phrase zeroes the score and marks the card fatal', () => {
      const card = score(call({}, [...goodCall().utterances.slice(0, -1), agent(49_000, 53_000, '有病吧你，再见。')]))
      expect(card).toMatchObject({ score: 0, fatal: true })
      expect(card.results.find((r) => r.ruleId === 'forbidden-phrase')).toMatchObject({ outcome: 'fail', severity: 'fatal' })
    })

    it('`fatal: true` on a rule zeroes the score when the rule fails', () => {
      const patch = { rules: { 'hangup-order': { fatal: true } } }
      const card = score(goodCall({ hangupBy: 'agent' }), patch)
      expect(card).toMatchObject({ score: 0, fatal: true })
      expect(card.results.find((r) => r.ruleId === 'hangup-order')).toMatchObject({ outcome: 'fail', deduction: 3, severity: 'fatal' })
    })

    it('`fatal: true` on a rule does nothing while the rule passes or is na', () => {
      const patch = { rules: { 'hangup-order': { fatal: true } } }
      expect(score(goodCall({ hangupBy: 'customer' }), patch)).toMatchObject({ score: 100, fatal: false })
      expect(score(goodCall({ hangupBy: undefined }), patch)).toMatchObject({ score: 100, fatal: false })
    })
  })

  it('a disabled rule is absent from the results and deducts nothing', () => {
    const t = goodCall({ ringSeconds: 40 })
    expect(score(t).score).toBe(95)
    const card = score(t, { rules: { 'answer-speed': { enabled: false } } })
    expect(card.results.map((r) => r.ruleId)).not.toContain('answer-speed')
    expect(card.score).toBe(100)
  })

  describe('metrics', () => {
    // Agent 0–6 s, 11–17 s, 35–41 s (15 characters each); customer 5–12 s and 30–35 s.
    const t = call({}, [
      agent(0, 6000, '您好很高兴为您服务请问有什么事'),
      customer(5000, 12_000, '我要查订单。'),
      agent(11_000, 17_000, '好的请您提供一下订单号码谢谢您'),
      customer(30_000, 35_000, '订单号是一二三。'),
      agent(35_000, 41_000, '收到这边帮您查到了明天就会发货'),
    ])

    it('measures talk, overtalk, silence and the agent’s rate', () => {
      expect(score(t).metrics).toEqual({
        agentCharsPerMinute: 150, // 45 characters in 18 s
        overtalkCount: 2, // 5–6 s and 11–12 s; touching at 35 s is no overlap
        overtalkMs: 2000,
        longestAgentSilenceMs: 18_000, // 17 s → 35 s
        talkRatio: 0.6, // 18 s of 30 s
        agentTalkMs: 18_000,
        customerTalkMs: 12_000,
      })
    })

    it('leaves the agent measures null when the agent never speaks', () => {
      expect(score(call({}, [customer(0, 5000, '喂？有人吗？')])).metrics).toMatchObject({
        agentCharsPerMinute: null,
        longestAgentSilenceMs: null,
        overtalkCount: 0,
        talkRatio: 0,
      })
    })
  })

  describe('a mono transcript (every speaker unknown)', () => {
    const t = call(MONO, [unknown(0, 4000, '喂，你好。'), unknown(4500, 9000, '我要投诉，滚！'), unknown(9500, 60_000, '这是规定。')])
    const card = score(t)

    it('answers na with the reason for every text and timing rule', () => {
      const na = card.results.filter((r) => TEXT_AND_TIMING_RULES.includes(r.ruleId))
      expect(na.map((r) => r.ruleId)).toEqual(TEXT_AND_TIMING_RULES)
      for (const r of na) expect(r, r.ruleId).toEqual({ ruleId: r.ruleId, outcome: 'na', deduction: 0, evidence: [{ note: NO_ATTRIBUTION }] })
    })

    it('still scores the rules that read the CDR', () => {
      expect(card.results.filter((r) => !TEXT_AND_TIMING_RULES.includes(r.ruleId)).map((r) => [r.ruleId, r.outcome])).toEqual([
        ['answer-speed', 'pass'],
        ['hangup-order', 'pass'],
      ])
      expect(card).toMatchObject({ score: 100, fatal: false })
    })

    it('cannot tell overtalk or the agent’s measures: null', () => {
      expect(card.metrics).toMatchObject({ agentCharsPerMinute: null, overtalkCount: null, overtalkMs: null, longestAgentSilenceMs: null, talkRatio: null })
    })
  })

  it('scores an empty transcript: text and timing rules na, CDR rules scored, metrics null', () => {
    const card = score(call({ ringSeconds: 30 }, []))
    expect(card.results.filter((r) => r.outcome === 'na').map((r) => r.ruleId)).toEqual(TEXT_AND_TIMING_RULES)
    expect(card.results.find((r) => r.ruleId === 'answer-speed')).toMatchObject({ outcome: 'fail', deduction: 5 })
    expect(card).toMatchObject({ score: 95, fatal: false })
    expect(card.metrics).toEqual({
      agentCharsPerMinute: null,
      overtalkCount: null,
      overtalkMs: null,
      longestAgentSilenceMs: null,
      talkRatio: null,
      agentTalkMs: 0,
      customerTalkMs: 0,
    })
  })
})
