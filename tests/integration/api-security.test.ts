import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCalls } from '../../bench/corpora.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { buildApiApp } from '../../services/api/app.js'
import { hashPassword } from '../../services/api/passwords.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import { fixedClock } from '../helpers/clock.js'
import { toneWav } from '../helpers/wav.js'

/*
 * The workspace API as an attacker meets it, through app.inject() on a real embedded store: sign-in throttling,
 * one-time passwords, sessions that end, security headers, the log of what went wrong, and bad input at the edges.
 */

const SECRET = 'test-secret-0123456789-0123456789-abcdef'
const PASSWORD = 'correct horse battery staple'
const LONG_ID = `C-${'x'.repeat(148)}`
const clock = fixedClock('2026-12-03T10:00:00+08:00')
const logged: Array<Record<string, unknown>> = []
let store: Store
let app: FastifyInstance
let dataDir: string

const login = (username: string, password = PASSWORD, remoteAddress = '10.0.0.1') => app.inject({ method: 'POST', url: '/api/v1/login', payload: { username, password }, remoteAddress })
const as = (token: string | undefined, extra: Record<string, string> = {}) => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra })
const get = (url: string, token?: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: as(token, headers) })
const send = (method: 'POST' | 'PATCH', url: string, payload: object, token?: string, headers: Record<string, string> = {}) => app.inject({ method, url, payload, headers: as(token, headers) })
async function tokenOf(username: string, remoteAddress = '10.0.0.2'): Promise<string> {
  const r = await login(username, PASSWORD, remoteAddress)
  expect(r.statusCode, r.body).toBe(200)
  return r.json().token
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'callqa-security-'))
  chmodSync(dataDir, 0o755)
  store = await openStore({ kind: 'embedded', dataDir })
  const recordingsDir = mkdtempSync(join(tmpdir(), 'callqa-security-rec-'))
  mkdirSync(join(recordingsDir, 'a-folder.wav'))
  writeFileSync(join(recordingsDir, 'long.wav'), toneWav(1))
  const scorer = compileRuleset(loadRuleset())
  const calls = generateCalls(4, 5, 60_000).map((c, i) => ({ ...c, callId: `S${i}`, agentId: 'A1', startedAt: '2026-11-10T10:00:00+08:00' }))
  calls[1] = { ...calls[1]!, recording: { uri: pathToFileURL(join(recordingsDir, 'a-folder.wav')).href, channels: { agent: 0, customer: 1 } } }
  calls[2] = { ...calls[2]!, callId: LONG_ID, recording: { uri: pathToFileURL(join(recordingsDir, 'long.wav')).href, channels: { agent: 0, customer: 1 } } }
  await store.saveScored(calls.map((t) => ({ transcript: t, scorecard: scoreTranscript(scorer, t, '2026-11-10T03:00:00Z') })))
  const hash = await hashPassword(PASSWORD)
  for (const [username, role, agentId] of [
    ['root', 'admin', null],
    ['sup', 'supervisor', null],
    ['insp', 'inspector', null],
    ['agent1', 'agent', 'A1'],
    ['victim', 'inspector', null],
    ['victim2', 'inspector', null],
    ['admin', 'admin', null],
  ] as const) {
    await store.saveUser({ username, displayName: username, role, agentId, passwordHash: hash, disabled: false })
  }
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  // A store that fails on one call id, to see what a server error looks like from outside and in the log.
  const failing: Store = { ...store, callRecord: async (callId) => (callId === 'boom' ? Promise.reject(new Error('disk on fire')) : store.callRecord(callId)) }
  app = await buildApiApp({ store: failing, secret: SECRET, recordingsDir, sampling: { perAgentWeek: 1, seed: 1 }, now: clock.now, logger: pino({ level: 'info' }, sink) })
}, 120_000)

afterAll(async () => {
  await app?.close()
  await store?.close()
})

describe('sign-in throttling', () => {
  it('stops guessing one account from one address, the right password included, and says when to come back', async () => {
    const answers = []
    for (let i = 0; i < 12; i++) answers.push((await login('victim', `guess number ${i}!!`, '10.9.9.9')).statusCode)
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(answers.slice(10)).toEqual([429, 429])
    const right = await login('victim', PASSWORD, '10.9.9.9')
    expect(right.statusCode).toBe(429)
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0)
    expect(right.json().error).toMatch(/too many attempts; try again in \d+ s/)
    // The account itself is not locked for its owner elsewhere (until the per-account limit), nor are others here.
    expect((await login('victim', PASSWORD, '10.1.1.1')).statusCode).toBe(200)
    expect((await login('insp', PASSWORD, '10.9.9.9')).statusCode).toBe(200)
  })

  it('stops guessing one account from many addresses', async () => {
    const answers = []
    for (let i = 0; i < 32; i++) answers.push((await login('victim2', `wrong ${i} password`, `10.8.${i}.1`)).statusCode)
    expect(answers.slice(0, 30)).toEqual(Array(30).fill(401))
    expect(answers.slice(30)).toEqual([429, 429])
    expect((await login('victim2', PASSWORD, '10.8.99.1')).statusCode).toBe(429)
  })

  it('answers a burst of bogus sign-ins with 401 or "try again" (503), never an error, and keeps serving others', async () => {
    const token = await tokenOf('insp', '10.7.0.1')
    const burst = Array.from({ length: 64 }, (_, i) => login(`nobody${i}`, 'not the password at all', `10.6.${i}.1`))
    const meanwhile = get('/api/v1/calls', token)
    const answers = await Promise.all(burst)
    expect((await meanwhile).statusCode).toBe(200)
    for (const r of answers) expect([401, 503]).toContain(r.statusCode)
    for (const r of answers.filter((r) => r.statusCode === 503)) expect(r.json().error).toMatch(/too many sign-ins at once/)
  })
})

describe('passwords', () => {
  let created: { username: string; oneTimePassword: string }

  it('an account an admin creates signs in with a one-time password that must be changed first', async () => {
    const root = await tokenOf('root')
    const r = await send('POST', '/api/v1/users', { username: 'li.si', displayName: '李四', role: 'inspector' }, root)
    expect(r.statusCode).toBe(201)
    created = r.json()
    expect(created.oneTimePassword).toMatch(/^[\w-]{16}$/)
    const first = await login('li.si', created.oneTimePassword)
    expect(first.json().user.mustChangePassword).toBe(true)
    const pending = first.json().token
    const blocked = await get('/api/v1/calls', pending)
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().error).toBe('change your one-time password first')
    expect((await get('/api/v1/me', pending)).json().mustChangePassword).toBe(true)

    const weak = [
      ['aaaaaaaaaaaa', /5 different characters/],
      ['li.si-li.si-2026', /must not contain the username/],
      ['password1234', /too easy to guess/],
      ['123456789012', /too easy to guess/],
      [created.oneTimePassword, /must differ/],
    ] as const
    for (const [next, why] of weak) {
      const r = await send('POST', '/api/v1/me/password', { current: created.oneTimePassword, next }, pending)
      expect(r.statusCode, next).toBe(400)
      expect(r.json().problems[0]).toMatchObject({ path: '$.next', message: expect.stringMatching(why) })
    }
    expect((await send('POST', '/api/v1/me/password', { current: 'not it at all', next: 'a fresh pass phrase 42' }, pending)).statusCode).toBe(400)
    const changed = await send('POST', '/api/v1/me/password', { current: created.oneTimePassword, next: 'a fresh pass phrase 42' }, pending)
    expect(changed.statusCode).toBe(200)
    expect(changed.json().user.mustChangePassword).toBe(false)
    expect((await get('/api/v1/calls', changed.json().token)).statusCode).toBe(200)
    // The session that still had the one-time password has ended; the old password no longer signs in.
    expect((await get('/api/v1/me', pending)).statusCode).toBe(401)
    expect((await login('li.si', created.oneTimePassword)).statusCode).toBe(401)
    expect((await login('li.si', 'a fresh pass phrase 42')).json().user.mustChangePassword).toBe(false)
    const audit = (await store.auditLog({ target: 'li.si', limit: 10 })).entries
    expect(audit.map((e) => e.action)).toEqual(['user.password', 'user.create'])
    expect(JSON.stringify(audit)).not.toMatch(/scrypt|fresh pass/)
  })

  it('a one-time password stops working after 72 hours; an admin reset issues a new one and ends the sessions', async () => {
    const root = await tokenOf('root')
    const made = (await send('POST', '/api/v1/users', { username: 'zhao.liu', displayName: '赵六', role: 'agent', agentId: 'A9' }, root)).json()
    clock.skip(73 * 3600_000)
    const late = await login('zhao.liu', made.oneTimePassword)
    expect(late.statusCode).toBe(401)
    expect(late.json().error).toMatch(/one-time password has expired/)
    const victim = await tokenOf('victim', '10.5.0.1')
    const reset = await send('POST', '/api/v1/users/victim/password', {}, await tokenOf('root'))
    expect(reset.statusCode).toBe(200)
    expect((await get('/api/v1/me', victim)).statusCode).toBe(401)
    expect((await login('victim', PASSWORD, '10.5.0.2')).statusCode).toBe(401)
    const fresh = await login('victim', reset.json().oneTimePassword, '10.5.0.3')
    expect(fresh.json().user.mustChangePassword).toBe(true)
  })

  it('refuses a weak password and a look-alike username when an admin creates a user', async () => {
    const root = await tokenOf('root')
    const weak = await send('POST', '/api/v1/users', { username: 'weak.one', displayName: '', role: 'inspector', password: 'a'.repeat(12) }, root)
    expect(weak.statusCode).toBe(400)
    expect(weak.json().problems).toEqual([{ path: '$.password', message: 'at least 5 different characters' }])
    for (const username of ['Admin', 'ad.min', 'ADMIN', 'Li.Si', 'lisi']) {
      const twin = await send('POST', '/api/v1/users', { username, displayName: 'x', role: 'admin', password: 'an entirely new secret' }, root)
      expect(twin.statusCode, username).toBe(409)
    }
  })
})

describe('sessions end when they should', () => {
  it('sign-out ends that session only', async () => {
    const [a, b] = [await tokenOf('insp', '10.4.0.1'), await tokenOf('insp', '10.4.0.2')]
    expect((await send('POST', '/api/v1/logout', {}, a)).statusCode).toBe(200)
    expect((await get('/api/v1/calls', a)).statusCode).toBe(401)
    expect((await send('POST', '/api/v1/logout', {}, a)).statusCode).toBe(401)
    expect((await get('/api/v1/calls', b)).statusCode).toBe(200)
  })

  it('disabling an account or changing its role ends its sessions at once; the new role is the one that counts', async () => {
    const root = await tokenOf('root')
    const sup = await tokenOf('sup', '10.3.0.1')
    expect((await get('/api/v1/users', sup)).statusCode).toBe(200)
    expect((await send('PATCH', '/api/v1/users/sup', { role: 'inspector' }, root)).json()).toMatchObject({ role: 'inspector' })
    expect((await get('/api/v1/users', sup)).statusCode).toBe(401)
    const demoted = await tokenOf('sup', '10.3.0.2')
    expect((await get('/api/v1/users', demoted)).statusCode).toBe(403)
    await send('PATCH', '/api/v1/users/sup', { role: 'supervisor' }, root)
    const agent = await tokenOf('agent1', '10.3.0.3')
    expect((await send('PATCH', '/api/v1/users/agent1', { disabled: true }, root)).json()).toMatchObject({ disabled: true })
    expect((await get('/api/v1/calls', agent)).statusCode).toBe(401)
    expect((await login('agent1', PASSWORD, '10.3.0.4')).statusCode).toBe(401)
    await send('PATCH', '/api/v1/users/agent1', { disabled: false }, root)
    const history = (await get('/api/v1/audit?target=agent1&action=user', root)).json()
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['user.update', 'user.update'])
    expect(JSON.parse(history.entries[1].after)).toMatchObject({ disabled: true })
  })

  it('an admin cannot lock the workspace out: not by disabling or demoting themselves, not the last admin', async () => {
    const root = await tokenOf('root')
    expect((await send('PATCH', '/api/v1/users/root', { disabled: true }, root)).statusCode).toBe(409)
    expect((await send('PATCH', '/api/v1/users/root', { role: 'supervisor' }, root)).statusCode).toBe(409)
    expect((await send('PATCH', '/api/v1/users/admin', { disabled: true }, root)).statusCode).toBe(200)
    const admin = await login('admin', PASSWORD, '10.2.0.1')
    expect(admin.statusCode).toBe(401)
    await send('PATCH', '/api/v1/users/admin', { disabled: false }, root)
    const other = await tokenOf('admin', '10.2.0.2')
    expect((await send('PATCH', '/api/v1/users/root', { disabled: true }, other)).statusCode).toBe(200)
    expect((await send('PATCH', '/api/v1/users/admin', { role: 'inspector' }, other)).statusCode).toBe(409)
    await store.saveUser({ ...(await store.findUser('root'))!, disabled: false })
  })
})

describe('headers', () => {
  it('forbids framing, sniffing and foreign scripts, and keeps no copy of tokens or personal data', async () => {
    const page = await get('/')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    const token = await tokenOf('insp', '10.1.0.9')
    for (const r of [await login('insp', PASSWORD, '10.1.0.9'), await get('/api/v1/calls', token), await get('/api/v1/calls/S0', token), await get('/api/v1/calls/nope', token)]) {
      expect(r.headers['cache-control']).toBe('no-store')
    }
  })
})

describe('the log', () => {
  it('records failed sign-ins, denials and server errors, without passwords or tokens', async () => {
    const token = await tokenOf('agent1', '10.0.1.1')
    await login('agent1', 'my secret guess!!', '10.0.1.2')
    await get('/api/v1/users', token)
    const broken = await get('/api/v1/calls/boom', await tokenOf('insp', '10.0.1.3'))
    expect(broken.statusCode).toBe(500)
    expect(broken.json()).toEqual({ error: 'internal error (logged)' })
    expect(logged).toContainEqual(expect.objectContaining({ event: 'login-failed', username: 'agent1', ip: '10.0.1.2', reason: 'wrong password' }))
    expect(logged).toContainEqual(expect.objectContaining({ event: 'denied', status: 403, route: '/api/v1/users', user: 'agent1' }))
    expect(logged).toContainEqual(expect.objectContaining({ level: 50, route: '/api/v1/calls/:callId', err: expect.objectContaining({ message: 'disk on fire' }) }))
    const text = JSON.stringify(logged)
    expect(text).not.toContain('my secret guess')
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toContain(token)
  })
})

describe('bad input at the edges', () => {
  it('refuses a lone UTF-16 surrogate with where it is, instead of failing inside the store', async () => {
    const token = await tokenOf('insp', '10.0.2.1')
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/calls/S0/reviews',
      headers: { ...as(token), 'content-type': 'application/json' },
      payload: '{"rulesetId":"default","rulesetVersion":1,"decisions":[],"comment":"bad \\ud800 text"}',
    })
    expect(r.statusCode).toBe(400)
    expect(r.json().problems).toEqual([{ path: '$.comment', message: 'contains an invalid character (a lone UTF-16 surrogate)' }])
    // In a URL the same bytes decode to replacement characters: a harmless value.
    expect((await get('/api/v1/calls?teamId=%ED%A0%80', token)).statusCode).toBe(200)
  })

  it('a recording URI that is a folder is no recording, and no internal code leaks', async () => {
    const token = await tokenOf('insp', '10.0.2.2')
    expect((await get('/api/v1/calls/S1', token)).json().audioUrl).toBeNull()
    const r = await get('/api/v1/calls/S1/audio', token)
    expect(r.statusCode).toBe(404)
    expect(r.body).not.toMatch(/FST_|EISDIR|\/tmp\//)
  })

  it('opens a call whose id is 150 characters long', async () => {
    const token = await tokenOf('insp', '10.0.2.3')
    const r = await get(`/api/v1/calls/${encodeURIComponent(LONG_ID)}`, token)
    expect(r.statusCode).toBe(200)
    expect((await get(r.json().audioUrl)).statusCode).toBe(200)
  })

  it('assigns only calls that exist, and drafts only months that have begun', async () => {
    const sup = await tokenOf('sup', '10.0.2.4')
    const r = await send('POST', '/api/v1/assignments', { callIds: ['S0', 'no-such-call', 'x"; DROP TABLE calls'], inspector: 'insp' }, sup)
    expect(r.statusCode).toBe(400)
    expect(r.json().problems.map((p: { path: string }) => p.path)).toEqual(['$.callIds[1]', '$.callIds[2]'])
    expect((await store.auditLog({ target: 'no-such-call', limit: 5 })).total).toBe(0)
    for (const month of ['9999-12', '2027-01', '1999-12']) expect((await send('POST', `/api/v1/settlements/${month}`, {}, sup)).statusCode, month).toBe(400)
    expect((await send('POST', '/api/v1/settlements/2026-11', {}, sup)).statusCode).toBe(201)
  })

  it('answers in Chinese to a Chinese reader: its own messages and the schema’s', async () => {
    const zh = { 'accept-language': 'zh-CN,zh;q=0.9' }
    expect((await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'insp', password: 'wrong wrong wrong' }, headers: zh, remoteAddress: '10.0.3.1' })).json().error).toBe('用户名或密码错误')
    const token = await tokenOf('insp', '10.0.3.2')
    const bad = await get('/api/v1/calls?from=yesterday&limit=100000', token, zh)
    expect(bad.json()).toEqual({ error: '请求内容有误', problems: [expect.objectContaining({ path: '$.from' }), { path: '$.limit', message: '最多 500' }] })
    const review = await send('POST', '/api/v1/calls/S0/reviews', { rulesetId: 'default', rulesetVersion: 1, decisions: [{ ruleId: 'recap', verdict: 'maybe' }] }, token, zh)
    expect(review.json().problems).toEqual([{ path: '$.decisions.0.verdict', message: '应为以下之一：confirmed、overturned' }])
    expect((await get('/api/v1/users', token, zh)).json().error).toBe('需要以下角色之一：主管、管理员')
    expect((await get('/api/v1/nothing-here', token, zh)).json().error).toBe('没有这个地址')
  })
})

describe('the data directory', () => {
  it('is readable by the service’s own user only, even when it existed before', async () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dataDir, 'clickhouse')).mode & 0o777).toBe(0o700)
  })
})
