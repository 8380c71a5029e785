import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Scorecard } from '../../pipelines/contracts/scorecard.js'
import type { SpeakerRoles } from '../../pipelines/contracts/transcript.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { buildApiApp } from '../../services/api/app.js'
import { hashPassword } from '../../services/api/passwords.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import { agent, call, customer } from '../helpers/transcript.js'

/*
 * Mono calls in the workspace, on a real embedded store: roles an inspector should check put the call in the queue,
 * the call page shows them, and an inspector's swap re-scores the call and is audited; a stereo call, a stale page,
 * an agent and a reviewed call are refused.
 */

const SECRET = 'test-secret-0123456789-0123456789-abcdef'
const PASSWORD = 'correct horse battery staple'
let store: Store
let app: FastifyInstance
const tokens: Record<string, string> = {}
const scorer = compileRuleset(loadRuleset())
const cards = new Map<string, Scorecard>()

const post = (url: string, payload: object, user: string) => app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${tokens[user]}` } })
const get = (url: string, user: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[user]}` } })

const unsure: SpeakerRoles = { method: 'inferred', confidence: 0.62, speakers: 2, review: true, reasons: ['角色判定置信度低（0.62），请核对坐席与客户'] }
// Roles inferred the wrong way round: the "agent" is the caller, who never greets.
const wrongWay = [
  customer(0, 5000, '您好，很高兴为您服务，请问有什么可以帮您？'),
  agent(5500, 11_000, '你好，我想查一下我的订单到哪了。'),
  customer(11_500, 16_000, '好的，跟您确认一下，您的订单号是一二三四，对吗？'),
  agent(16_500, 18_000, '对。'),
  customer(18_500, 22_000, '请问还有其他可以帮您的吗？感谢您的来电，再见。'),
]

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'callqa-mono-')) })
  const mono = call({ callId: 'M001', roles: unsure, recording: { uri: 'file:///rec/M001.wav', channels: { mixed: 0 } }, audio: { agent: { maxDbfs: -9 }, customer: { maxDbfs: -18 } } }, wrongWay)
  const sure = call({ callId: 'M002', roles: { ...unsure, confidence: 0.99, review: false, reasons: [] } }, wrongWay)
  const stereo = call({ callId: 'S001' }, wrongWay)
  for (const t of [mono, sure, stereo]) {
    const card = scoreTranscript(scorer, t, '2026-11-02T02:00:00.000Z')
    cards.set(t.callId, card)
    await store.saveScored([{ transcript: t, scorecard: card }])
  }
  const hash = await hashPassword(PASSWORD)
  for (const [username, role, agentId] of [['insp', 'inspector', null], ['agent1', 'agent', 'A1001']] as const) {
    await store.saveUser({ username, displayName: username, role, agentId, passwordHash: hash, disabled: false })
  }
  app = await buildApiApp({ store, secret: SECRET, recordingsDir: tmpdir(), sampling: { perAgentWeek: 0, seed: 1 } })
  for (const username of ['insp', 'agent1']) tokens[username] = (await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username, password: PASSWORD } })).json().token
}, 120_000)

afterAll(async () => {
  await app?.close()
  await store?.close()
})

describe('mono calls in the workspace', () => {
  it('queues a call whose roles are unsure first after fatal ones, saying why, and keeps its roles on the call page', async () => {
    const queue = (await get('/api/v1/calls', 'insp')).json() as { calls: Array<{ callId: string; reason: string }> }
    expect(queue.calls.find((c) => c.callId === 'M001')?.reason).toBe('roles')
    expect(queue.calls.find((c) => c.callId === 'M002')?.reason).not.toBe('roles')
    expect(queue.calls.findIndex((c) => c.callId === 'M001')).toBeLessThan(queue.calls.findIndex((c) => c.callId === 'M002'))
    const page = (await get('/api/v1/calls/M001', 'insp')).json()
    expect(page.scorecard.roles).toEqual(unsure)
    expect(page.scorecard.results.find((r: { ruleId: string }) => r.ruleId === 'interruption').outcome).toBe('na')
    // Scored the wrong way round, the "agent" never greeted.
    expect(page.scorecard.results.find((r: { ruleId: string }) => r.ruleId === 'greeting').outcome).toBe('fail')
  })

  it('lets an inspector swap the roles: the call is scored again, leaves the roles queue, and the swap is audited', async () => {
    const before = cards.get('M001')!
    const r = await post('/api/v1/calls/M001/roles/swap', { scoredAt: before.scoredAt, reason: '听录音，先开口问好的是坐席' }, 'insp')
    expect(r.statusCode).toBe(200)
    const after = r.json() as Scorecard
    expect(after.roles).toMatchObject({ method: 'inspector', confidence: 1, review: false })
    expect(after.results.find((x) => x.ruleId === 'greeting')?.outcome).toBe('pass')
    expect(after.score).toBeGreaterThan(before.score)
    const page = (await get('/api/v1/calls/M001', 'insp')).json()
    expect(page.utterances[0]).toMatchObject({ speaker: 'agent', text: '您好，很高兴为您服务，请问有什么可以帮您？' })
    expect(page.scorecard.scoredAt).toBe(after.scoredAt)
    expect(page.history.find((h: { action: string }) => h.action === 'call.roles.swap')).toMatchObject({ actor: 'insp' })
    const queue = (await get('/api/v1/calls?view=all', 'insp')).json() as { calls: Array<{ callId: string; reason: string }> }
    expect(queue.calls.find((c) => c.callId === 'M001')?.reason).not.toBe('roles')
    // The stored transcript keeps the inspector's roles: re-scoring it later keeps them.
    expect((await store.storedTranscript('M001'))?.roles?.method).toBe('inspector')
    // The same page again is stale: the call was scored again meanwhile.
    expect((await post('/api/v1/calls/M001/roles/swap', { scoredAt: before.scoredAt, reason: '再换' }, 'insp')).statusCode).toBe(409)
  })

  it('refuses a stereo call, an empty reason and an agent', async () => {
    const stereo = await post('/api/v1/calls/S001/roles/swap', { scoredAt: cards.get('S001')!.scoredAt, reason: 'x' }, 'insp')
    expect(stereo.statusCode).toBe(409)
    expect(stereo.json().error).toMatch(/come from the recording's channels/)
    expect((await post('/api/v1/calls/M002/roles/swap', { scoredAt: cards.get('M002')!.scoredAt, reason: '  ' }, 'insp')).statusCode).toBe(400)
    expect((await post('/api/v1/calls/M002/roles/swap', { scoredAt: cards.get('M002')!.scoredAt, reason: 'x' }, 'agent1')).statusCode).toBe(403)
  })
})
