import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCalls } from '../../bench/corpora.js'
import type { Scorecard } from '../../pipelines/contracts/scorecard.js'
import type { Transcript } from '../../pipelines/contracts/transcript.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { buildApiApp } from '../../services/api/app.js'
import { hashPassword } from '../../services/api/passwords.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import { fixedClock } from '../helpers/clock.js'

/*
 * What a review does to pay, end to end through the API on a real embedded store: an inspector adjusts a deduction
 * and adds a violation the machine missed, the agent sees each rule's verdict and appeals, the appeal is upheld and
 * the points come back; the month's settlement fines what counts, holds back a reward while a fatal call waits for
 * review, says what signing would override and refuses a draft the month has moved past; and when a call's CDR is
 * corrected, its fine moves with it.
 */

const SECRET = 'test-secret-0123456789-0123456789-abcdef'
const PASSWORD = 'correct horse battery staple'
const USERS = [
  ['insp', 'inspector', null, '质检员小林'],
  ['sup', 'supervisor', null, '主管老周'],
  ['sup2', 'supervisor', null, '主管老钱'],
  ['agent1', 'agent', 'A1', '张三'],
  ['root', 'admin', null, '管理员'],
] as const
let store: Store
let app: FastifyInstance
const tokens: Record<string, string> = {}
const scorer = compileRuleset(loadRuleset())
let target: { transcript: Transcript; scorecard: Scorecard }

const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` })
const get = (url: string, user: string) => app.inject({ method: 'GET', url, headers: as(user) })
const post = (url: string, payload: object, user: string) => app.inject({ method: 'POST', url, payload, headers: as(user) })

/** A call that passed every rule, for the monthly average. */
function clean(t: Transcript): { transcript: Transcript; scorecard: Scorecard } {
  const card = scoreTranscript(scorer, t, '2026-11-20T02:00:00Z')
  return { transcript: t, scorecard: { ...card, score: 100, fatal: false, results: card.results.map((r) => ({ ruleId: r.ruleId, outcome: r.outcome === 'fail' ? 'pass' : r.outcome, deduction: 0, evidence: [] })) } }
}

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'callqa-pay-')) })
  const generated = generateCalls(24, 21, 60_000)
  const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00+08:00`
  // A1's call with the agent's turns cut: it fails several rules. A3: twenty clean calls and one fatal nobody reviewed.
  const cut = { ...generated[0]!, callId: 'PAY-1', agentId: 'A1', agentName: '张三', startedAt: at(10), utterances: generated[0]!.utterances.filter((u, j) => u.speaker !== 'agent' || j === 0) }
  target = { transcript: cut, scorecard: scoreTranscript(scorer, cut, '2026-11-20T02:00:00Z') }
  const a3 = generated.slice(1, 21).map((c, i) => clean({ ...c, callId: `PAY-A3-${i}`, agentId: 'A3', agentName: '王五', startedAt: at(2 + (i % 20)) }))
  const fatalCall = { ...generated[21]!, callId: 'PAY-A3-FATAL', agentId: 'A3', agentName: '王五', startedAt: at(25) }
  const fatalCard = scoreTranscript(scorer, fatalCall, '2026-11-20T02:00:00Z')
  const fatal = { transcript: fatalCall, scorecard: { ...fatalCard, score: 0, fatal: true, results: [...fatalCard.results.filter((r) => r.ruleId !== 'forbidden-phrase'), { ruleId: 'forbidden-phrase' as const, outcome: 'fail' as const, deduction: 20, severity: 'fatal' as const, evidence: [{ startMs: 5000, endMs: 6000, speaker: 'agent' as const, text: '闭嘴', note: '服务忌语' }] }] } }
  await store.saveScored([target, ...a3, fatal])
  for (const [username, role, agentId, displayName] of USERS) await store.saveUser({ username, displayName, role, agentId, passwordHash: await hashPassword(PASSWORD), disabled: false })
  const policy = join(mkdtempSync(join(tmpdir(), 'callqa-pay-policy-')), 'policy.yaml')
  writeFileSync(policy, 'extends: default\nid: pay-test\nversion: 1\nrewards:\n  score: { minCalls: 2 }\n')
  app = await buildApiApp({ store, secret: SECRET, recordingsDir: mkdtempSync(join(tmpdir(), 'callqa-pay-rec-')), sampling: { perAgentWeek: 1, seed: 1 }, settlementPolicy: policy, now: fixedClock('2027-01-05T10:00:00+08:00').now })
  for (const [username] of USERS) tokens[username] = (await post('/api/v1/login', { username, password: PASSWORD }, username)).json().token
}, 120_000)

afterAll(async () => {
  await app?.close()
  await store?.close()
})

describe('a review and an appeal, as pay sees them', () => {
  let failed: Scorecard['results']
  let appealId: string

  it('an inspector adjusts a deduction with a reason and adds a violation the machine missed, with its evidence', async () => {
    failed = target.scorecard.results.filter((r) => r.outcome === 'fail')
    expect(failed.length).toBeGreaterThanOrEqual(2)
    const missed = target.scorecard.results.find((r) => r.outcome !== 'fail' && r.ruleId !== 'forbidden-phrase')!.ruleId
    const [first, ...rest] = failed
    const body = {
      rulesetId: target.scorecard.ruleset.id,
      rulesetVersion: target.scorecard.ruleset.version,
      decisions: [{ ruleId: first!.ruleId, verdict: 'confirmed', deduction: 1, comment: '情节轻微，从轻扣分' }, ...rest.map((r) => ({ ruleId: r.ruleId, verdict: 'confirmed' }))],
      added: [{ ruleId: missed, deduction: 4, startMs: 12_000, endMs: 15_500, quote: '这个我不清楚', comment: '机评漏检：未按规范回应' }],
      comment: '',
    }
    const r = await post('/api/v1/calls/PAY-1/reviews', body, 'insp')
    expect(r.statusCode, r.body).toBe(201)
    const expected = Math.round((100 - 1 - rest.reduce((s, x) => s + x.deduction, 0) - 4) * 10) / 10
    expect(r.json()).toMatchObject({ reviewedScore: Math.max(0, expected), added: [expect.objectContaining({ ruleId: missed, deduction: 4, startMs: 12_000, quote: '这个我不清楚' })] })
    expect(r.json().decisions[0]).toMatchObject({ deduction: 1, machineDeduction: first!.deduction })
    const audit = (await store.auditLog({ target: 'PAY-1', action: 'review.save', limit: 5 })).entries
    expect(JSON.parse(audit[0]!.after).added[0].ruleId).toBe(missed)
    // Bad additions are named where they are.
    const bad = await post('/api/v1/calls/PAY-1/reviews', { ...body, added: [{ ...body.added[0], ruleId: first!.ruleId, endMs: 1 }] }, 'insp')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().problems.map((p: { path: string }) => p.path)).toEqual(['$.added.0.endMs'])
  })

  it('the agent sees which rules were confirmed, adjusted or added, and appeals the added one', async () => {
    const page = (await get('/api/v1/calls/PAY-1', 'agent1')).json()
    expect(page.outcome.status).toBe('reviewed')
    expect(page.outcome.rules.map((r: { source: string; verdict: string }) => `${r.source}:${r.verdict}`)).toEqual([...failed.map(() => 'machine:confirmed'), 'inspector:confirmed'])
    expect(page.outcome.rules[0]).toMatchObject({ deduction: 1, machineDeduction: failed[0]!.deduction, comment: '情节轻微，从轻扣分', counts: true })
    const added = page.outcome.rules.at(-1)
    const filed = await post('/api/v1/calls/PAY-1/appeals', { ruleId: added.ruleId, reason: '我当时已经按规范回答了，请复听' }, 'agent1')
    expect(filed.statusCode).toBe(201)
    appealId = filed.json().appealId
    expect((await get('/api/v1/calls/PAY-1', 'agent1')).json().outcome.status).toBe('under-appeal')
  })

  it('the month cannot be signed quietly while that appeal is open, nor from a draft the month has moved past', async () => {
    const draft = (await post('/api/v1/settlements/2026-11', {}, 'sup')).json()
    expect(draft.warnings).toEqual([
      { kind: 'open-appeals', count: 1 },
      { kind: 'unreviewed-fatal', count: 1 },
    ])
    const a1 = draft.settlement.agents.find((a: { agentId: string }) => a.agentId === 'A1')
    const line = a1.lines.find((l: { violations: Array<{ source: string }> }) => l.violations[0]?.source === 'inspector')
    expect(line).toMatchObject({ kind: 'violation', amount: 5 })
    expect(line.violations[0].ruleResult.evidence).toEqual([{ startMs: 12_000, endMs: 15_500, speaker: 'agent', text: '这个我不清楚', note: '机评漏检：未按规范回应' }])
    expect(draft.settlement.reviewerNames).toEqual({ insp: '质检员小林' })
    const csv = (await get(`/api/v1/settlements/2026-11/${draft.version}/export.csv`, 'sup')).body
    expect(csv).toContain('质检员小林')
    expect(csv).toContain('质检补录')
    expect(csv).toContain('申诉中，未裁决')
    // The appeal is decided after the draft: the draft no longer shows the month's pay.
    const decided = await post(`/api/v1/appeals/${appealId}/decision`, { decision: 'upheld', comment: '复听录音，坐席回答规范' }, 'sup2')
    expect(decided.statusCode).toBe(200)
    const stale = await post(`/api/v1/settlements/2026-11/${draft.version}/sign`, { digest: draft.digest, override: { reason: '先签发，申诉结果下月调整' } }, 'sup')
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error).toMatch(/changed since this draft/)
  })

  it('an upheld appeal gives the points back on the call page and in the month', async () => {
    const page = (await get('/api/v1/calls/PAY-1', 'agent1')).json()
    expect(page.outcome.status).toBe('appealed')
    const added = page.outcome.rules.at(-1)
    expect(added).toMatchObject({ source: 'inspector', appeal: 'upheld', counts: false })
    expect(page.outcome.score).toBe(Math.round((page.reviews[0].reviewedScore + 4) * 10) / 10)
    const draft = (await post('/api/v1/settlements/2026-11', {}, 'sup')).json()
    const a1 = draft.settlement.agents.find((a: { agentId: string }) => a.agentId === 'A1')
    expect(a1.lines.some((l: { violations: Array<{ source: string }> }) => l.violations[0]?.source === 'inspector')).toBe(false)
    expect(a1.excluded.map((e: { reason: string }) => e.reason)).toEqual(['appeal-upheld'])
    expect(a1.averageScore).toBe(page.outcome.score)
  })

  it('holds back a score reward while a fatal call waits for review, and says so on the sheet', async () => {
    const draft = (await post('/api/v1/settlements/2026-11', {}, 'sup')).json()
    const a3 = draft.settlement.agents.find((a: { agentId: string }) => a.agentId === 'A3')
    expect(a3).toMatchObject({ calls: 21, averageScore: 95.2, rewardWithheld: { reason: 'unreviewed-fatal', callIds: ['PAY-A3-FATAL'] } })
    expect(a3.lines).toEqual([])
    expect(draft.warnings).toEqual([{ kind: 'unreviewed-fatal', count: 1 }])
    const print = (await get(`/api/v1/settlements/2026-11/${draft.version}/print?lang=zh`, 'sup')).body
    expect(print).toContain('月度高分奖励暂不发放，待致命通话复核：PAY-A3-FATAL')
    expect(print).toContain('签发前待处理：1 通机评致命的通话尚未复核')
  })

  it('a fine follows its call when the CDR is corrected to another agent and month', async () => {
    const before = (await post('/api/v1/settlements/2026-11', {}, 'sup')).json()
    const a1Fines = (s: { agents: Array<{ agentId: string; lines: Array<{ violations: Array<{ callId: string }> }> }> }, agentId: string) =>
      s.agents.find((a) => a.agentId === agentId)?.lines.filter((l) => l.violations.some((v) => v.callId === 'PAY-1')).length ?? 0
    expect(a1Fines(before.settlement, 'A1')).toBeGreaterThan(0)
    // The CDR said A1 on 10 November; the corrected one says A2, just after midnight on 1 December (Beijing).
    const corrected = { ...target.transcript, agentId: 'A2', agentName: '李四', startedAt: '2026-12-01T00:05:00+08:00' }
    await store.saveScored([{ transcript: corrected, scorecard: scoreTranscript(scorer, corrected, '2026-12-02T02:00:00Z') }])
    const november = (await post('/api/v1/settlements/2026-11', {}, 'sup')).json().settlement
    expect(a1Fines(november, 'A1')).toBe(0)
    expect(november.agents.find((a: { agentId: string }) => a.agentId === 'A1')).toBeUndefined()
    const december = (await post('/api/v1/settlements/2026-12', {}, 'sup')).json().settlement
    expect(a1Fines(december, 'A2')).toBe(a1Fines(before.settlement, 'A1'))
    expect(december.agents.find((a: { agentId: string }) => a.agentId === 'A2')).toMatchObject({ calls: 1, reviewedCalls: 1 })
    // The dashboards and the queue count the call once, in its current month and for its current agent.
    const agentsOf = async (month: string) => (await get(`/api/v1/dashboards/top-agents?month=${month}&limit=50`, 'sup')).json().rows.map((r: { agentId: string; calls: number }) => `${r.agentId}:${r.calls}`)
    expect(await agentsOf('2026-11')).toEqual(['A3:21'])
    expect(await agentsOf('2026-12')).toEqual(['A2:1'])
    const listed = (await get('/api/v1/calls?view=all&limit=500', 'sup')).json().calls.filter((c: { callId: string }) => c.callId === 'PAY-1')
    expect(listed).toEqual([expect.objectContaining({ agentId: 'A2', startedAt: expect.stringMatching(/^2026-12-01 00:05/) })])
    // Moved back, it counts in November again.
    await store.saveScored([{ transcript: target.transcript, scorecard: scoreTranscript(scorer, target.transcript, '2026-12-03T02:00:00Z') }])
    expect(await agentsOf('2026-11')).toEqual(['A3:21', 'A1:1'])
    expect(await agentsOf('2026-12')).toEqual([])
  })
})
