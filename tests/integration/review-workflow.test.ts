import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
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
import { toneWav } from '../helpers/wav.js'

/*
 * The inspectors' workflow through app.inject() on a real embedded store: the queue with sampling and assignment,
 * the call page and its audio, reviews, appeals and their decision, calibration rounds, and every route against
 * every role.
 */

const SECRET = 'test-secret-0123456789-0123456789-abcdef'
const PASSWORD = 'correct horse battery staple'
const USERS = [
  ['agent1', 'agent', 'A1'],
  ['agent2', 'agent', 'A2'],
  ['insp', 'inspector', null],
  ['insp2', 'inspector', null],
  ['sup', 'supervisor', null],
  ['sup2', 'supervisor', null],
  ['root', 'admin', null],
] as const
type User = (typeof USERS)[number][0]

let store: Store
let app: FastifyInstance
const tokens = {} as Record<User, string>
const cards = new Map<string, Scorecard>()
let recordingsDir: string
let failing: Transcript[]
let passing: Transcript[]

const as = (user?: User): Record<string, string> => (user ? { authorization: `Bearer ${tokens[user]}` } : {})
const get = (url: string, user?: User) => app.inject({ method: 'GET', url, headers: as(user) })
const post = (url: string, payload: object, user?: User) => app.inject({ method: 'POST', url, payload, headers: as(user) })

function reviewBody(callId: string, verdict: (ruleId: string, i: number) => 'confirmed' | 'overturned' = () => 'confirmed') {
  const card = cards.get(callId)!
  return {
    rulesetId: card.ruleset.id,
    rulesetVersion: card.ruleset.version,
    decisions: card.results.filter((r) => r.outcome === 'fail').map((r, i) => ({ ruleId: r.ruleId, verdict: verdict(r.ruleId, i), comment: verdict(r.ruleId, i) === 'overturned' ? '录音里说了' : '' })),
    comment: '',
  }
}

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'callqa-review-')) })
  recordingsDir = mkdtempSync(join(tmpdir(), 'callqa-review-rec-'))
  const outside = mkdtempSync(join(tmpdir(), 'callqa-review-outside-'))
  writeFileSync(join(recordingsDir, 'good.wav'), toneWav(2))
  writeFileSync(join(outside, 'secret.wav'), 'not for you')
  symlinkSync(join(outside, 'secret.wav'), join(recordingsDir, 'link.wav'))

  const scorer = compileRuleset(loadRuleset())
  const week = (n: number) => new Date(Date.parse('2026-11-02T10:00:00+08:00') + n * 7 * 86_400_000).toISOString()
  // Three kinds of call: the generated dialogue (misses only the recap), one with the agent's turns cut (no greeting,
  // no polite words, no close), one where the agent says a forbidden phrase (every ninth a fatal one; R017's as the
  // telephone ASR writes 你有病吧, 你有冰霸).
  const said = (c: Transcript, text: string) => {
    const k = c.utterances.findIndex((u, j) => j > 0 && u.speaker === 'agent')
    return c.utterances.map((u, j) => (j === k ? { ...u, text } : u))
  }
  const generated = generateCalls(30, 11, 60_000).map((c, i) => ({
    ...c,
    callId: `R${String(i).padStart(3, '0')}`,
    agentId: i % 2 === 0 ? 'A1' : 'A2',
    startedAt: week(i % 3),
    customerNumber: '13912345678',
    utterances:
      i % 3 === 1 ? c.utterances.filter((u, j) => u.speaker !== 'agent' || j === 0) : i % 3 === 2 ? said(c, i === 17 ? '你有冰霸' : i % 9 === 8 ? '你给我闭嘴' : '这是规定，不归我管') : c.utterances,
  }))
  const clean = generated.slice(0, 12).map((c, i) => ({ ...c, callId: `P${String(i).padStart(3, '0')}` }))
  const all: Transcript[] = [...generated, ...clean]
  all[0] = { ...all[0]!, recording: { uri: pathToFileURL(join(recordingsDir, 'good.wav')).href, channels: { agent: 0, customer: 1 } } }
  all[1] = { ...all[1]!, recording: { uri: pathToFileURL(join(recordingsDir, 'link.wav')).href, channels: { agent: 0, customer: 1 } } }
  all[2] = { ...all[2]!, recording: { uri: 'file:///etc/passwd', channels: { agent: 0, customer: 1 } } }
  const scored = all.map((t) => ({ transcript: t, scorecard: scoreTranscript(scorer, t, new Date().toISOString()) }))
  // The P calls stand for calls that passed everything: the queue's sampling only reads their outcomes.
  for (const s of scored.filter((s) => s.transcript.callId.startsWith('P'))) {
    s.scorecard = { ...s.scorecard, score: 100, fatal: false, results: s.scorecard.results.map((r) => ({ ruleId: r.ruleId, outcome: r.outcome === 'fail' ? 'pass' : r.outcome, deduction: 0, evidence: [] })) }
  }
  for (const s of scored) cards.set(s.transcript.callId, s.scorecard)
  await store.saveScored(scored)
  failing = scored.filter((s) => s.scorecard.results.filter((r) => r.outcome === 'fail').length >= 2 && !s.scorecard.fatal).map((s) => s.transcript)
  passing = scored.filter((s) => s.scorecard.results.every((r) => r.outcome !== 'fail')).map((s) => s.transcript)

  const hash = await hashPassword(PASSWORD)
  for (const [username, role, agentId] of USERS) await store.saveUser({ username, displayName: username, role, agentId, passwordHash: hash, disabled: false })
  // December 2026 in Beijing: November, the calls' month, can be settled.
  app = await buildApiApp({ store, secret: SECRET, recordingsDir, sampling: { perAgentWeek: 1, seed: 3 }, now: fixedClock('2026-12-03T10:00:00+08:00').now })
  for (const [username] of USERS) tokens[username] = (await post('/api/v1/login', { username, password: PASSWORD })).json().token
}, 120_000)

afterAll(async () => {
  await app?.close()
  await store?.close()
})

describe('the queue', () => {
  it('has the failed calls and one sampled passing call per agent and week, and says why each is there', async () => {
    expect(failing.length).toBeGreaterThan(4)
    expect(passing.length).toBeGreaterThan(4)
    const r = await get('/api/v1/calls?limit=500', 'insp')
    const calls = r.json().calls as Array<{ callId: string; agentId: string; startedAt: string; reason: string }>
    expect(r.json().total).toBe(calls.length)
    const sampled = calls.filter((c) => c.reason === 'sample')
    const weeks = new Set(passing.map((t) => `${t.agentId}|${t.startedAt}`))
    expect(sampled).toHaveLength(weeks.size)
    expect(new Set(sampled.map((c) => c.callId)).size).toBe(sampled.length)
    for (const t of failing) expect(calls.find((c) => c.callId === t.callId)?.reason).toBe('failed')
    // The same seed draws the same sample.
    const again = (await get('/api/v1/calls?limit=500', 'insp')).json().calls.filter((c: { reason: string }) => c.reason === 'sample')
    expect(again.map((c: { callId: string }) => c.callId)).toEqual(sampled.map((c) => c.callId))
    const everything = (await get('/api/v1/calls?view=all&limit=500', 'insp')).json()
    expect(everything.total).toBe(42)
  })

  it('puts a fatal phrase heard by its sound first, saying what was heard, for a person to confirm or overturn', async () => {
    const top = (await get('/api/v1/calls?limit=3', 'insp')).json().calls as Array<{ callId: string; reason: string }>
    expect(top.map((c) => c.reason)).toEqual(['fatal', 'fatal', 'fatal'])
    expect(top.map((c) => c.callId)).toContain('R017')
    const forbidden = (await get('/api/v1/calls/R017', 'insp')).json().scorecard.results.find((r: { ruleId: string }) => r.ruleId === 'forbidden-phrase')
    expect(forbidden).toMatchObject({ outcome: 'fail', severity: 'fatal' })
    expect(forbidden.evidence[0]).toMatchObject({ note: '服务忌语（致命）：有病（同音：有冰）', match: { phrase: '有病', heard: '有冰', by: 'same-sound' } })
  })

  it('filters by rule, score range and page, and counts the whole match', async () => {
    const ruleId = cards.get(failing[0]!.callId)!.results.find((r) => r.outcome === 'fail')!.ruleId
    const byRule = (await get(`/api/v1/calls?view=all&ruleId=${ruleId}&limit=500`, 'insp')).json()
    const expected = [...cards.values()].filter((c) => c.results.some((r) => r.ruleId === ruleId && r.outcome === 'fail')).length
    expect(byRule.total).toBe(expected)
    const page = (await get(`/api/v1/calls?view=all&limit=5&offset=5`, 'insp')).json()
    expect(page.calls).toHaveLength(5)
    expect(page.total).toBe(42)
    const low = (await get('/api/v1/calls?view=all&maxScore=80&limit=500', 'insp')).json().calls as Array<{ score: number }>
    expect(low.every((c) => c.score <= 80)).toBe(true)
    expect((await get('/api/v1/calls?ruleId=no_such_rule', 'insp')).statusCode).toBe(400)
  })

  it('takes the end day of a date range in whole, and filters the sample', async () => {
    // Calls start at 10:00 Beijing time on 2 November and the Mondays after it.
    const oneDay = (await get('/api/v1/calls?view=all&from=2026-11-02&to=2026-11-02&limit=500', 'insp')).json()
    expect(oneDay.total).toBe(14)
    expect(oneDay.calls.every((c: { startedAt: string }) => c.startedAt.startsWith('2026-11-02'))).toBe(true)
    expect((await get('/api/v1/calls?view=all&from=2026-11-01&to=2026-11-09&limit=500', 'insp')).json().total).toBe(28)
    expect((await get('/api/v1/calls?view=all&to=2026-11-02T09:59:59%2B08:00&limit=500', 'insp')).json().total).toBe(0)
    const sample = (await get('/api/v1/calls?reason=sample&limit=500', 'insp')).json().calls as Array<{ reason: string }>
    expect(sample.length).toBeGreaterThan(0)
    expect(new Set(sample.map((c) => c.reason))).toEqual(new Set(['sample']))
  })

  it('assigns calls to an inspector and shows each their own', async () => {
    const ids = failing.slice(0, 3).map((t) => t.callId)
    expect((await post('/api/v1/assignments', { callIds: ids, inspector: 'insp2' }, 'sup')).json()).toEqual({ assigned: 3 })
    expect((await post('/api/v1/assignments', { callIds: ids, inspector: 'agent1' }, 'sup')).statusCode).toBe(400)
    const mine = (await get('/api/v1/calls?assignee=insp2&limit=500', 'insp2')).json().calls as Array<{ callId: string; assignee: string }>
    expect(mine.map((c) => c.callId).sort()).toEqual([...ids].sort())
    const history = (await get(`/api/v1/calls/${ids[0]}`, 'sup')).json().history
    expect(history[0]).toMatchObject({ actor: 'sup', action: 'call.assign' })
  })
})

describe('the call page', () => {
  it('shows transcript, scorecard and masked number; an agent sees only their own calls', async () => {
    const own = await get('/api/v1/calls/R000', 'agent1')
    expect(own.statusCode).toBe(200)
    const page = own.json()
    expect(page.call).toMatchObject({ callId: 'R000', agentId: 'A1', customerNumber: '139****5678' })
    expect(page.call).not.toHaveProperty('recordingUri')
    expect(page.utterances.length).toBeGreaterThan(3)
    expect(page.scorecard.results.length).toBeGreaterThan(5)
    expect(page.audioUrl).toMatch(/^\/api\/v1\/calls\/R000\/audio\?exp=\d+&sig=/)
    // The signed link plays without a token, for that call only, and not after it expires or is altered.
    expect((await get(page.audioUrl)).statusCode).toBe(200)
    expect((await get(page.audioUrl.replace('R000', 'R001'))).statusCode).toBe(401)
    expect((await get(page.audioUrl.replace(/sig=.*/, `sig=${'A'.repeat(43)}`))).statusCode).toBe(401)
    expect((await get(page.audioUrl.replace(/exp=\d+/, 'exp=1000'))).statusCode).toBe(401)
    expect((await get('/api/v1/calls/R001', 'agent1')).statusCode).toBe(404)
    expect((await get('/api/v1/calls/R000', 'root')).json().call.customerNumber).toBe('13912345678')
    expect((await get('/api/v1/calls/nope', 'insp')).statusCode).toBe(404)
  })

  it('serves the recording whole and by byte ranges', async () => {
    const whole = await get('/api/v1/calls/R000/audio', 'insp')
    expect(whole.statusCode).toBe(200)
    expect(whole.headers['content-type']).toBe('audio/wav')
    expect(whole.rawPayload.length).toBe(44 + 32_000)
    const part = await app.inject({ method: 'GET', url: '/api/v1/calls/R000/audio', headers: { ...as('insp'), range: 'bytes=44-143' } })
    expect(part.statusCode).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 44-143/${44 + 32_000}`)
    expect(part.rawPayload.equals(whole.rawPayload.subarray(44, 144))).toBe(true)
    const tail = await app.inject({ method: 'GET', url: '/api/v1/calls/R000/audio', headers: { ...as('insp'), range: 'bytes=-10' } })
    expect(tail.rawPayload.equals(whole.rawPayload.subarray(-10))).toBe(true)
    const beyond = await app.inject({ method: 'GET', url: '/api/v1/calls/R000/audio', headers: { ...as('insp'), range: 'bytes=999999-' } })
    expect(beyond.statusCode).toBe(416)
  })

  it('never serves a file outside the recordings folder: not by URI, not through a link, not by path tricks', async () => {
    for (const callId of ['R001', 'R002']) {
      expect((await get(`/api/v1/calls/${callId}`, 'insp')).json().audioUrl).toBeNull()
      const r = await get(`/api/v1/calls/${callId}/audio`, 'insp')
      expect(r.statusCode).toBe(404)
      expect(r.body).not.toContain('root:')
    }
    for (const path of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '....//....//etc/passwd']) {
      const r = await get(`/api/v1/calls/${path}/audio`, 'insp')
      expect([400, 403, 404]).toContain(r.statusCode)
      expect(r.body).not.toContain('root:')
    }
  })
})

describe('reviews and appeals', () => {
  it('refuses a review that leaves a failed rule undecided, overturns without a reason, or reviews an old scorecard', async () => {
    const callId = failing[0]!.callId
    const body = reviewBody(callId)
    const partial = await post(`/api/v1/calls/${callId}/reviews`, { ...body, decisions: body.decisions.slice(1) }, 'insp')
    expect(partial.statusCode).toBe(400)
    expect(partial.json().problems[0].message).toMatch(/no decision for failed rule/)
    const bare = await post(`/api/v1/calls/${callId}/reviews`, { ...body, decisions: body.decisions.map((d) => ({ ...d, verdict: 'overturned', comment: '' })) }, 'insp')
    expect(bare.json().problems.map((p: { message: string }) => p.message)).toContain('an overturn needs a comment')
    const stale = await post(`/api/v1/calls/${callId}/reviews`, { ...body, rulesetVersion: body.rulesetVersion + 1 }, 'insp')
    expect(stale.statusCode).toBe(409)
    expect((await post(`/api/v1/calls/${callId}/reviews`, body, 'agent1')).statusCode).toBe(403)
  })

  it('stores the reviewed score beside the machine scorecard, audits it, and a second review replaces the first', async () => {
    const callId = failing[0]!.callId
    const card = cards.get(callId)!
    const overturnFirst = reviewBody(callId, (_r, i) => (i === 0 ? 'overturned' : 'confirmed'))
    const first = await post(`/api/v1/calls/${callId}/reviews`, overturnFirst, 'insp')
    expect(first.statusCode).toBe(201)
    const failed = card.results.filter((r) => r.outcome === 'fail')
    const expectedScore = Math.max(0, Math.round((100 - failed.slice(1).reduce((s, r) => s + r.deduction, 0)) * 10) / 10)
    expect(first.json()).toMatchObject({ machineScore: card.score, reviewedScore: expectedScore, reviewer: 'insp', kind: 'qa' })
    const confirmAll = await post(`/api/v1/calls/${callId}/reviews`, reviewBody(callId), 'insp')
    expect(confirmAll.json().reviewedScore).toBe(card.score)
    const page = (await get(`/api/v1/calls/${callId}`, 'sup')).json()
    expect(page.reviews).toHaveLength(1)
    expect(page.reviews[0].reviewedScore).toBe(card.score)
    expect(page.scorecard.score).toBe(card.score)
    const audit = page.history.filter((h: { action: string }) => h.action === 'review.save')
    expect(audit).toHaveLength(2)
    expect(JSON.parse(audit[0].before).reviewedScore).toBe(expectedScore)
    expect(JSON.parse(audit[0].after).reviewedScore).toBe(card.score)
    const reviewed = (await get('/api/v1/calls?status=reviewed&limit=500', 'insp')).json().calls.map((c: { callId: string }) => c.callId)
    expect(reviewed).toEqual([callId])
    const pending = (await get('/api/v1/calls?status=pending&limit=500', 'insp')).json().calls.map((c: { callId: string }) => c.callId)
    expect(pending).not.toContain(callId)
  })

  it('lets the agent appeal a confirmed violation once, and another supervisor decide it once', async () => {
    const t = failing.find((c) => c.agentId === 'A1')!
    const callId = t.callId
    const [overturned, confirmed] = cards.get(callId)!.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId)
    await post(`/api/v1/calls/${callId}/reviews`, reviewBody(callId, (_r, i) => (i === 0 ? 'overturned' : 'confirmed')), 'sup')
    expect((await post(`/api/v1/calls/${callId}/appeals`, { ruleId: overturned, reason: '这条规则被推翻了' }, 'agent1')).statusCode).toBe(409)
    expect((await post(`/api/v1/calls/${callId}/appeals`, { ruleId: confirmed, reason: '太短' }, 'agent1')).statusCode).toBe(400)
    const other = failing.find((c) => c.agentId === 'A2')!.callId
    expect((await post(`/api/v1/calls/${other}/appeals`, { ruleId: confirmed, reason: '不是我的电话但想申诉' }, 'agent1')).statusCode).toBe(404)
    const filed = await post(`/api/v1/calls/${callId}/appeals`, { ruleId: confirmed, reason: '客户先挂断了，录音可以证明' }, 'agent1')
    expect(filed.statusCode).toBe(201)
    const appeal = filed.json()
    expect(appeal).toMatchObject({ status: 'open', reviewer: 'sup', agentId: 'A1', ruleId: confirmed })
    expect((await post(`/api/v1/calls/${callId}/appeals`, { ruleId: confirmed, reason: '再申诉一次试试看' }, 'agent1')).statusCode).toBe(409)
    // The record under appeal cannot be re-reviewed, the reviewer cannot judge their own verdict.
    expect((await post(`/api/v1/calls/${callId}/reviews`, reviewBody(callId), 'insp')).statusCode).toBe(409)
    expect((await post(`/api/v1/appeals/${appeal.appealId}/decision`, { decision: 'rejected', comment: '维持原判' }, 'sup')).statusCode).toBe(403)
    expect((await post(`/api/v1/appeals/${appeal.appealId}/decision`, { decision: 'upheld', comment: '录音证实' }, 'insp')).statusCode).toBe(403)
    const decided = await post(`/api/v1/appeals/${appeal.appealId}/decision`, { decision: 'upheld', comment: '录音证实客户先挂断' }, 'sup2')
    expect(decided.statusCode).toBe(200)
    expect(decided.json()).toMatchObject({ status: 'upheld', decidedBy: 'sup2' })
    expect((await post(`/api/v1/appeals/${appeal.appealId}/decision`, { decision: 'rejected', comment: '改主意了' }, 'sup2')).statusCode).toBe(409)

    const page = (await get(`/api/v1/calls/${callId}`, 'agent1')).json()
    expect(page.appeals).toEqual([expect.objectContaining({ appealId: appeal.appealId, status: 'upheld' })])
    expect(page.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['review.save', 'appeal.file', 'appeal.decide']))
    expect((await get('/api/v1/appeals', 'agent2')).json().appeals).toEqual([])
    expect((await get('/api/v1/appeals', 'agent1')).json().appeals).toHaveLength(1)
    expect((await get('/api/v1/appeals?status=open', 'sup2')).json().appeals).toEqual([])
    expect((await post('/api/v1/appeals/not-a-uuid/decision', { decision: 'upheld', comment: 'ok then' }, 'sup2')).statusCode).toBe(400)
  })
})

describe('calibration', () => {
  it('keeps reviews blind until everyone has submitted, then reports agreement per rule and inspector', async () => {
    const callId = failing[2]!.callId
    const created = await post('/api/v1/calibrations', { callId, title: '十一月校准', inspectors: ['insp', 'insp2', 'sup'] }, 'sup')
    expect(created.statusCode).toBe(201)
    const { calibrationId } = created.json()
    expect((await post('/api/v1/calibrations', { callId, title: 'x', inspectors: ['insp', 'agent1'] }, 'sup')).statusCode).toBe(400)
    expect((await get('/api/v1/calibrations', 'insp')).json().calibrations.map((c: { calibrationId: string }) => c.calibrationId)).toContain(calibrationId)

    const n = reviewBody(callId).decisions.length
    expect((await post(`/api/v1/calibrations/${calibrationId}/reviews`, reviewBody(callId), 'insp')).statusCode).toBe(201)
    const blind = (await get(`/api/v1/calibrations/${calibrationId}`, 'insp')).json()
    expect(blind.report).toBeNull()
    expect(blind.myReview.reviewer).toBe('insp')
    expect(blind).not.toHaveProperty('reviews')
    expect(blind.audioUrl).toBeNull()
    await post(`/api/v1/calibrations/${calibrationId}/reviews`, reviewBody(callId, (_r, i) => (i === 0 ? 'overturned' : 'confirmed')), 'insp2')
    await post(`/api/v1/calibrations/${calibrationId}/reviews`, reviewBody(callId), 'sup')
    const report = (await get(`/api/v1/calibrations/${calibrationId}`, 'insp')).json().report
    expect(report.reviewers.sort()).toEqual(['insp', 'insp2', 'sup'])
    expect(report.rules).toHaveLength(n)
    const first = report.rules.find((r: { ruleId: string }) => r.ruleId === reviewBody(callId).decisions[0]!.ruleId)
    expect(first).toMatchObject({ majority: 'confirmed', agreement: 2 / 3 })
    const insp2 = report.inspectors.find((i: { reviewer: string }) => i.reviewer === 'insp2')
    expect(insp2).toMatchObject({ rules: n, withMajority: n - 1 })
    // Calibration reviews never become the review of record.
    expect((await get(`/api/v1/calls/${callId}`, 'sup')).json().reviews).toEqual([])
    // Outsiders: an inspector not in the round sees nothing of it.
    const outsider = await post('/api/v1/calibrations', { callId, title: '两人', inspectors: ['insp', 'sup'] }, 'sup')
    expect((await get(`/api/v1/calibrations/${outsider.json().calibrationId}`, 'insp2')).statusCode).toBe(404)
    expect((await post(`/api/v1/calibrations/${outsider.json().calibrationId}/reviews`, reviewBody(callId), 'sup2')).statusCode).toBe(403)
  })
})

describe('what the call page shows each reader', () => {
  it('keeps a calibration round blind on the call page too: no other verdict in its reviews, appeals or history', async () => {
    const callId = failing[3]!.callId
    expect((await post(`/api/v1/calls/${callId}/reviews`, reviewBody(callId), 'sup')).statusCode).toBe(201)
    const { calibrationId } = (await post('/api/v1/calibrations', { callId, title: '盲评', inspectors: ['insp', 'insp2'] }, 'sup')).json()
    await post(`/api/v1/calibrations/${calibrationId}/reviews`, reviewBody(callId, (_r, i) => (i === 0 ? 'overturned' : 'confirmed')), 'insp')
    const blind = (await get(`/api/v1/calls/${callId}`, 'insp2')).json()
    expect(blind.reviews).toEqual([])
    expect(blind.appeals).toEqual([])
    expect(blind.history.map((h: { actor: string }) => h.actor)).not.toContain('insp')
    expect(JSON.stringify(blind.history)).not.toContain('verdict')
    await post(`/api/v1/calibrations/${calibrationId}/reviews`, reviewBody(callId), 'insp2')
    const open = (await get(`/api/v1/calls/${callId}`, 'insp2')).json()
    expect(open.reviews.map((r: { reviewer: string }) => r.reviewer)).toEqual(['sup'])
    // The rounds themselves are shown on the round's page, not in the call's history, to inspectors.
    expect(open.history.map((h: { action: string }) => h.action)).not.toContain('calibration.review')
    expect((await get(`/api/v1/calls/${callId}`, 'sup')).json().history.map((h: { action: string }) => h.action)).toContain('calibration.review')
  })

  it('shows an agent the review of record only: no superseded review, no states before and after', async () => {
    const firstA1 = failing.find((c) => c.agentId === 'A1')!.callId
    const callId = failing.slice(4).find((c) => c.agentId === 'A1' && c.callId !== firstA1)!.callId
    await post(`/api/v1/calls/${callId}/reviews`, reviewBody(callId, (_r, i) => (i === 0 ? 'overturned' : 'confirmed')), 'insp')
    await post(`/api/v1/calls/${callId}/reviews`, reviewBody(callId), 'insp2')
    await post('/api/v1/assignments', { callIds: [callId], inspector: 'insp2' }, 'sup')
    const page = (await get(`/api/v1/calls/${callId}`, 'agent1')).json()
    expect(page.reviews.map((r: { reviewer: string }) => r.reviewer)).toEqual(['insp2'])
    expect(page.history).toEqual([expect.objectContaining({ actor: 'insp2', action: 'review.save', before: '', after: '' })])
    const inspector = (await get(`/api/v1/calls/${callId}`, 'insp')).json()
    expect(inspector.history.map((h: { action: string }) => h.action)).toEqual(['call.assign', 'review.save', 'review.save'])
  })
})

describe('dashboards', () => {
  it('gives an agent the panels over their own calls only', async () => {
    const all = (await get('/api/v1/dashboards/top-agents?month=2026-11&limit=50', 'sup')).json().rows as Array<{ agentId: string }>
    expect(new Set(all.map((r) => r.agentId))).toEqual(new Set(['A1', 'A2']))
    const own = (await get('/api/v1/dashboards/top-agents?month=2026-11&limit=50&agentId=A2', 'agent1')).json().rows as Array<{ agentId: string }>
    expect(own.map((r) => r.agentId)).toEqual(['A1'])
    expect((await get('/api/v1/dashboards/no-such-panel?month=2026-11', 'sup')).statusCode).toBe(404)
    const bad = await get('/api/v1/dashboards/top-agents?month=2026-13', 'sup')
    expect(bad.statusCode).toBe(400)
  })

  it('opens on the month with calls: last month early in a month, the current one later', async () => {
    // The same store seen by servers whose clocks read other days (all calls are in November 2026).
    const calendarAt = async (iso: string, user: User) => {
      const at = await buildApiApp({ store, secret: SECRET, recordingsDir, sampling: { perAgentWeek: 1, seed: 3 }, now: () => Date.parse(iso) })
      try {
        const { token } = (await at.inject({ method: 'POST', url: '/api/v1/login', payload: { username: user, password: PASSWORD } })).json()
        return (await at.inject({ method: 'GET', url: '/api/v1/calendar', headers: { authorization: `Bearer ${token}` } })).json()
      } finally {
        await at.close()
      }
    }
    expect(await calendarAt('2026-12-01T00:20:00+08:00', 'sup')).toEqual({ today: '2026-12-01', months: ['2026-11'], suggested: { month: '2026-11', reason: 'current-empty' } })
    // 23:59 on 30 November in Beijing is already 1 December in UTC+9 and later; the calendar is Beijing's.
    expect((await calendarAt('2026-11-30T23:59:00+08:00', 'sup')).suggested).toEqual({ month: '2026-11', reason: 'current' })
    expect((await calendarAt('2026-11-03T09:00:00+08:00', 'insp')).suggested).toEqual({ month: '2026-11', reason: 'current' })
    expect((await calendarAt('2027-02-15T12:00:00+08:00', 'agent1')).suggested).toEqual({ month: '2026-11', reason: 'current-empty' })
  })
})

describe('the month’s settlement', () => {
  it('drafts from confirmed violations, signs exactly what was shown once, and exports it', async () => {
    const draft = await post('/api/v1/settlements/2026-11', {}, 'sup')
    expect(draft.statusCode).toBe(201)
    const saved = draft.json()
    expect(saved).toMatchObject({ month: '2026-11', status: 'draft', createdBy: 'sup' })
    // Only reviewed calls can fine anyone: every fine line traces to a confirmed decision of a review.
    const lines = saved.settlement.agents.flatMap((a: { lines: Array<{ effect: string; violations: Array<{ reviewer: string }> }> }) => a.lines.filter((l) => l.effect === 'fine'))
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) for (const v of line.violations) expect(['insp', 'insp2', 'sup']).toContain(v.reviewer)

    const url = `/api/v1/settlements/2026-11/${saved.version}`
    expect((await post(`${url}/sign`, { digest: 'not-what-was-shown' }, 'sup')).statusCode).toBe(409)
    // Every ninth call said a fatal phrase and nobody reviewed it: the draft says so, and signing needs a reason.
    const fatal = [...cards.values()].filter((c) => c.fatal).map((c) => c.callId).sort()
    expect(fatal.length).toBeGreaterThan(0)
    expect(saved.warnings).toContainEqual({ kind: 'unreviewed-fatal', count: fatal.length })
    expect(saved.settlement.checks.unreviewedFatal.map((u: { callId: string }) => u.callId)).toEqual(fatal)
    const bare = await post(`${url}/sign`, { digest: saved.digest }, 'sup')
    expect(bare.statusCode).toBe(409)
    expect(bare.json().problems).toContainEqual({ path: '$.override', message: `${fatal.length} calls the machine found fatal are not reviewed` })
    expect((await post(`${url}/sign`, { digest: saved.digest, override: { reason: '太短' } }, 'sup')).statusCode).toBe(400)
    const reason = '致命通话已电话核实，复核单下月补录；本月先按现有结果签发'
    const signed = await post(`${url}/sign`, { digest: saved.digest, override: { reason } }, 'sup')
    expect(signed.json()).toMatchObject({ status: 'signed', signedBy: 'sup', signOff: { reason, warnings: saved.warnings } })
    const audit = (await get(`/api/v1/audit?target=settlement:2026-11:v${saved.version}&action=settlement.sign`, 'root')).json().entries
    expect(JSON.parse(audit[0].after).override).toEqual({ reason, warnings: saved.warnings })
    expect((await post(`${url}/sign`, { digest: saved.digest, override: { reason } }, 'sup2')).statusCode).toBe(409)
    expect((await get('/api/v1/settlements/2026-11', 'sup')).json().versions.map((v: { status: string }) => v.status)).toEqual(['signed'])

    const print = await get(`${url}/print?lang=zh`, 'sup')
    expect(print.headers['content-type']).toMatch(/text\/html/)
    expect(print.body).toContain('2026')
    const csv = await get(`${url}/export.csv`, 'sup')
    expect(csv.rawPayload.subarray(0, 3).toString('hex')).toBe('efbbbf')
    const xlsx = await get(`${url}/export.xlsx?lang=en`, 'sup')
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    expect((await get(`${url}/export.pdf`, 'sup')).statusCode).toBe(400)
    expect((await get('/api/v1/settlements/2026-13', 'sup')).statusCode).toBe(400)
    expect((await get('/api/v1/settlements/2026-11/99', 'sup')).statusCode).toBe(404)
  })
})

describe('every route against every role', () => {
  const who: Array<User | 'none'> = ['none', 'agent1', 'insp', 'sup', 'root']
  // The status each role gets; 2xx/4xx other than 401/403 means the guard let it through to the route's own checks.
  const routes: Array<{ name: string; call: (u?: User) => ReturnType<typeof get>; allowed: Array<User | 'none'> }> = [
    { name: 'GET /api/v1/me', call: (u) => get('/api/v1/me', u), allowed: ['agent1', 'insp', 'sup', 'root'] },
    { name: 'GET /api/v1/calls', call: (u) => get('/api/v1/calls', u), allowed: ['agent1', 'insp', 'sup', 'root'] },
    { name: 'GET /api/v1/calls/:id', call: (u) => get('/api/v1/calls/R000', u), allowed: ['agent1', 'insp', 'sup', 'root'] },
    { name: 'GET /api/v1/calls/:id/audio', call: (u) => get('/api/v1/calls/R000/audio', u), allowed: ['agent1', 'insp', 'sup', 'root'] },
    { name: 'POST /api/v1/calls/:id/reviews', call: (u) => post('/api/v1/calls/R000/reviews', {}, u), allowed: ['insp', 'sup'] },
    { name: 'POST /api/v1/calls/:id/appeals', call: (u) => post('/api/v1/calls/R000/appeals', {}, u), allowed: ['agent1'] },
    { name: 'GET /api/v1/appeals', call: (u) => get('/api/v1/appeals', u), allowed: ['agent1', 'insp', 'sup', 'root'] },
    { name: 'POST /api/v1/appeals/:id/decision', call: (u) => post('/api/v1/appeals/00000000-0000-4000-8000-000000000000/decision', { decision: 'upheld', comment: 'ok' }, u), allowed: ['sup'] },
    { name: 'POST /api/v1/assignments', call: (u) => post('/api/v1/assignments', {}, u), allowed: ['sup', 'root'] },
    { name: 'GET /api/v1/users', call: (u) => get('/api/v1/users', u), allowed: ['sup', 'root'] },
    { name: 'POST /api/v1/users', call: (u) => post('/api/v1/users', {}, u), allowed: ['root'] },
    { name: 'GET /api/v1/audit', call: (u) => get('/api/v1/audit', u), allowed: ['sup', 'root'] },
    { name: 'GET /api/v1/calibrations', call: (u) => get('/api/v1/calibrations', u), allowed: ['insp', 'sup', 'root'] },
    { name: 'POST /api/v1/calibrations', call: (u) => post('/api/v1/calibrations', {}, u), allowed: ['sup', 'root'] },
    { name: 'GET /api/v1/calibrations/:id', call: (u) => get('/api/v1/calibrations/00000000-0000-4000-8000-000000000000', u), allowed: ['insp', 'sup', 'root'] },
    { name: 'GET /api/v1/dashboards', call: (u) => get('/api/v1/dashboards', u), allowed: ['agent1', 'insp', 'sup', 'root'] },
    { name: 'GET /api/v1/calendar', call: (u) => get('/api/v1/calendar', u), allowed: ['agent1', 'insp', 'sup', 'root'] },
    { name: 'GET /api/v1/dashboards/:panel', call: (u) => get('/api/v1/dashboards/violation-pareto?month=2026-11', u), allowed: ['agent1', 'insp', 'sup', 'root'] },
    { name: 'GET /api/v1/settlements/:month/:v', call: (u) => get('/api/v1/settlements/2026-10/99', u), allowed: ['sup', 'root'] },
    { name: 'GET /api/v1/settlements/:month/:v/print', call: (u) => get('/api/v1/settlements/2026-10/99/print', u), allowed: ['sup', 'root'] },
    { name: 'GET /api/v1/settlements/:month/:v/export.csv', call: (u) => get('/api/v1/settlements/2026-10/99/export.csv', u), allowed: ['sup', 'root'] },
    { name: 'GET /api/v1/settlements/:month', call: (u) => get('/api/v1/settlements/2026-10', u), allowed: ['sup', 'root'] },
    { name: 'POST /api/v1/settlements/:month', call: (u) => post('/api/v1/settlements/2026-10', {}, u), allowed: ['sup', 'root'] },
    { name: 'POST /api/v1/settlements/:month/:v/sign', call: (u) => post('/api/v1/settlements/2026-10/99/sign', { digest: 'x' }, u), allowed: ['sup'] },
    { name: 'GET /api/v1/settlements/:month/:v/export.xlsx', call: (u) => get('/api/v1/settlements/2026-10/99/export.xlsx', u), allowed: ['sup', 'root'] },
    { name: 'POST /api/v1/calibrations/:id/reviews', call: (u) => post('/api/v1/calibrations/00000000-0000-4000-8000-000000000000/reviews', {}, u), allowed: ['insp', 'sup'] },
  ]
  for (const route of routes) {
    for (const user of who) {
      const expected = user === 'none' ? 401 : route.allowed.includes(user) ? 'through' : 403
      it(`${route.name} as ${user} → ${expected}`, async () => {
        const r = await route.call(user === 'none' ? undefined : user)
        if (expected === 'through') expect([401, 403]).not.toContain(r.statusCode)
        else expect(r.statusCode).toBe(expected)
      })
    }
  }

  it('publishes OpenAPI docs built from the same schemas', async () => {
    const doc = (await get('/api/docs/json')).json()
    expect(doc.openapi).toMatch(/^3\./)
    for (const path of ['/api/v1/calls', '/api/v1/calls/{callId}/reviews', '/api/v1/appeals/{appealId}/decision', '/api/v1/calibrations/{calibrationId}']) expect(doc.paths).toHaveProperty([path])
    expect(doc.paths['/api/v1/calls'].get.parameters.map((p: { name: string }) => p.name)).toContain('ruleId')
  })
})
