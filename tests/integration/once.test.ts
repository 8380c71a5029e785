import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCalls } from '../../bench/corpora.js'
import type { Scorecard } from '../../pipelines/contracts/scorecard.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { buildApiApp } from '../../services/api/app.js'
import { hashPassword } from '../../services/api/passwords.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import { fixedClock } from '../helpers/clock.js'

/*
 * Every "only once" decision under concurrency, through app.inject() on a real embedded store: requests that arrive
 * together interleave at every store read and write, as they do on a busy server.
 */

const SECRET = 'test-secret-0123456789-0123456789-abcdef'
const PASSWORD = 'correct horse battery staple'
const USERS = [
  ['insp', 'inspector', null],
  ['sup1', 'supervisor', null],
  ['sup2', 'supervisor', null],
  ['sup3', 'supervisor', null],
  ['agent1', 'agent', 'A1'],
] as const
let store: Store
let app: FastifyInstance
const tokens: Record<string, string> = {}
let card: Scorecard

const post = (url: string, payload: object, user: string) => app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${tokens[user]}` } })
const statuses = (rs: Array<{ statusCode: number }>) => rs.map((r) => r.statusCode).sort()

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'callqa-once-')) })
  const scorer = compileRuleset(loadRuleset())
  // The generated dialogue misses the recap; with the agent's turns cut, it fails several rules.
  const [call] = generateCalls(1, 3, 60_000).map((c) => ({ ...c, callId: 'ONCE-1', agentId: 'A1', startedAt: '2026-11-12T10:00:00+08:00', utterances: c.utterances.filter((u, j) => u.speaker !== 'agent' || j === 0) }))
  card = scoreTranscript(scorer, call!, '2026-11-12T02:05:00Z')
  await store.saveScored([{ transcript: call!, scorecard: card }])
  const hash = await hashPassword(PASSWORD)
  for (const [username, role, agentId] of USERS) await store.saveUser({ username, displayName: username, role, agentId, passwordHash: hash, disabled: false })
  app = await buildApiApp({ store, secret: SECRET, recordingsDir: mkdtempSync(join(tmpdir(), 'callqa-once-rec-')), sampling: { perAgentWeek: 1, seed: 1 }, now: fixedClock('2026-12-02T09:00:00+08:00').now })
  for (const [username] of USERS) tokens[username] = (await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username, password: PASSWORD } })).json().token
  const failed = card.results.filter((r) => r.outcome === 'fail')
  expect(failed.length).toBeGreaterThanOrEqual(2)
  const review = await post('/api/v1/calls/ONCE-1/reviews', { rulesetId: card.ruleset.id, rulesetVersion: card.ruleset.version, decisions: failed.map((r) => ({ ruleId: r.ruleId, verdict: 'confirmed' })), comment: '' }, 'insp')
  expect(review.statusCode).toBe(201)
}, 120_000)

afterAll(async () => {
  await app?.close()
  await store?.close()
})

describe('only once, also at the same moment', () => {
  it('an agent who sends the same appeal four times at once files it once', async () => {
    const ruleId = card.results.find((r) => r.outcome === 'fail')!.ruleId
    const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => post('/api/v1/calls/ONCE-1/appeals', { ruleId, reason: `客户先挂断，第 ${i} 次提交` }, 'agent1')))
    expect(statuses(answers)).toEqual([201, 409, 409, 409])
    const stored = await store.listAppeals({ callId: 'ONCE-1', limit: 10 })
    expect(stored).toHaveLength(1)
    expect(stored[0]!.appealId).toBe(answers.find((a) => a.statusCode === 201)!.json().appealId)
    expect((await store.auditLog({ target: 'ONCE-1', action: 'appeal.file', limit: 10 })).total).toBe(1)
  })

  it('three supervisors deciding one appeal at once: one decision stands, the others are told whose', async () => {
    const [appeal] = await store.listAppeals({ callId: 'ONCE-1', limit: 1 })
    const votes = [
      ['sup1', 'upheld'],
      ['sup2', 'rejected'],
      ['sup3', 'upheld'],
    ] as const
    const answers = await Promise.all(votes.map(([who, decision]) => post(`/api/v1/appeals/${appeal!.appealId}/decision`, { decision, comment: `${who} 复听录音后裁决` }, who)))
    expect(statuses(answers)).toEqual([200, 409, 409])
    const winner = answers.find((a) => a.statusCode === 200)!.json()
    const [stored] = await store.listAppeals({ appealId: appeal!.appealId, limit: 1 })
    expect(stored).toMatchObject({ status: winner.status, decidedBy: winner.decidedBy, decisionComment: winner.decisionComment })
    for (const lost of answers.filter((a) => a.statusCode === 409)) expect(lost.json().error).toContain(`by ${winner.decidedBy}`)
    const audit = (await store.auditLog({ target: 'ONCE-1', action: 'appeal.decide', limit: 10 })).entries
    expect(audit.map((e) => e.actor)).toEqual([winner.decidedBy])
  })

  it('five drafts of one month at once become five versions, and two signatures at once sign it once', async () => {
    const drafts = await Promise.all(['sup1', 'sup2', 'sup3', 'sup1', 'sup2'].map((who) => post('/api/v1/settlements/2026-11', {}, who)))
    expect(statuses(drafts)).toEqual([201, 201, 201, 201, 201])
    expect(drafts.map((d) => d.json().version).sort()).toEqual([1, 2, 3, 4, 5])
    const versions = (await store.settlementVersions('2026-11')).map((v) => [v.version, v.createdBy])
    expect(versions.map(([v]) => v)).toEqual([5, 4, 3, 2, 1])
    for (const d of drafts) expect(versions).toContainEqual([d.json().version, d.json().createdBy])

    const newest = drafts.map((d) => d.json()).find((d) => d.version === 5)
    const signers = await Promise.all(['sup2', 'sup3'].map((who) => post(`/api/v1/settlements/2026-11/5/sign`, { digest: newest.digest, override: { reason: '并发签发测试：本月有未决申诉，确认按当前结果签发' } }, who)))
    expect(statuses(signers)).toEqual([200, 409])
    const signed = signers.find((s) => s.statusCode === 200)!.json()
    expect(await store.settlementVersion('2026-11', 5)).toMatchObject({ status: 'signed', signedBy: signed.signedBy })
    expect((await store.auditLog({ target: 'settlement:2026-11:v5', action: 'settlement.sign', limit: 10 })).entries.map((e) => e.actor)).toEqual([signed.signedBy])
  })
})
