import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCalls } from '../../bench/corpora.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { buildApiApp } from '../../services/api/app.js'
import { hashPassword } from '../../services/api/passwords.js'
import { issueToken, maskNumber, readToken } from '../../services/api/tokens.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'

/* The workspace API through app.inject(), on a real embedded store with scored calls of two agents. */

const SECRET = 'test-secret-0123456789-0123456789-abcdef'
let store: Store
let app: FastifyInstance
const tokens: Record<string, string> = {}
const PASSWORD = 'correct horse battery staple'

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'callqa-api-')) })
  const scorer = compileRuleset(loadRuleset())
  const calls = generateCalls(40, 77, 60_000).map((c, i) => ({ ...c, agentId: i % 2 === 0 ? 'A1' : 'A2', customerNumber: '13800001234' }))
  await store.saveScored(calls.map((t) => ({ transcript: t, scorecard: scoreTranscript(scorer, t, new Date().toISOString()) })))
  const hash = await hashPassword(PASSWORD)
  for (const [username, role, agentId] of [
    ['agent1', 'agent', 'A1'],
    ['insp', 'inspector', null],
    ['sup', 'supervisor', null],
    ['root', 'admin', null],
  ] as const) {
    await store.saveUser({ username, displayName: username, role, agentId, passwordHash: hash, disabled: false })
  }
  app = await buildApiApp({ store, secret: SECRET, recordingsDir: mkdtempSync(join(tmpdir(), 'callqa-api-rec-')), sampling: { perAgentWeek: 2, seed: 1 } })
  for (const username of ['agent1', 'insp', 'sup', 'root']) {
    const r = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username, password: PASSWORD } })
    expect(r.statusCode).toBe(200)
    tokens[username] = r.json().token
  }
}, 120_000)

afterAll(async () => {
  await app?.close()
  await store?.close()
})

const as = (user: string | undefined): Record<string, string> => (user ? { authorization: `Bearer ${tokens[user]}` } : {})

describe('sign-in', () => {
  it('refuses a wrong password and an unknown user with the same answer', async () => {
    for (const payload of [{ username: 'root', password: 'wrong password!' }, { username: 'nobody', password: PASSWORD }]) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/login', payload })
      expect(r.statusCode).toBe(401)
      expect(r.json()).toEqual({ error: 'wrong username or password' })
    }
  })

  it('rejects forged, tampered and expired tokens', async () => {
    const forged = issueToken({ sub: 'root', role: 'admin' }, 'another-secret-0123456789-0123456789', Date.now())
    const [payload, sig] = tokens.agent1!.split('.')
    const elevated = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' })).toString('base64url')
    const expired = issueToken({ sub: 'root', role: 'admin' }, SECRET, Date.now() - 13 * 3600_000)
    for (const token of [forged, `${elevated}.${sig}`, expired, 'garbage', '']) {
      const r = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })
      expect(r.statusCode).toBe(401)
    }
    expect(readToken(tokens.root!, SECRET, Date.now())).toMatchObject({ sub: 'root', role: 'admin' })
  })
})

describe('roles', () => {
  const newUser = () => ({ username: `u${Math.random().toString(36).slice(2, 8)}`, displayName: '李四', role: 'inspector', password: 'a long enough password' })
  const routes = [
    { name: 'GET /api/v1/me', inject: (h: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/me', headers: h }) },
    { name: 'GET /api/v1/calls', inject: (h: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/calls', headers: h }) },
    { name: 'POST /api/v1/users', inject: (h: Record<string, string>) => app.inject({ method: 'POST', url: '/api/v1/users', headers: h, payload: newUser() }) },
  ]
  const expected: Record<string, Record<string, number>> = {
    'GET /api/v1/me': { none: 401, agent1: 200, insp: 200, sup: 200, root: 200 },
    'GET /api/v1/calls': { none: 401, agent1: 200, insp: 200, sup: 200, root: 200 },
    'POST /api/v1/users': { none: 401, agent1: 403, insp: 403, sup: 403, root: 201 },
  }
  for (const route of routes) {
    for (const user of ['none', 'agent1', 'insp', 'sup', 'root']) {
      it(`${route.name} as ${user} → ${expected[route.name]![user]}`, async () => {
        const r = await route.inject(as(user === 'none' ? undefined : user))
        expect(r.statusCode).toBe(expected[route.name]![user])
      })
    }
  }
})

describe('the call list', () => {
  it('shows an agent only their own calls, whatever filter they send', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/calls?agentId=A2&limit=500', headers: as('agent1') })
    const calls = r.json().calls as Array<{ agentId: string }>
    expect(calls.length).toBe(20)
    expect(new Set(calls.map((c) => c.agentId))).toEqual(new Set(['A1']))
  })

  it('masks caller numbers for everyone but admins', async () => {
    const masked = (await app.inject({ method: 'GET', url: '/api/v1/calls?limit=1', headers: as('insp') })).json().calls[0]
    expect(masked.customerNumber).toBe('138****1234')
    const clear = (await app.inject({ method: 'GET', url: '/api/v1/calls?limit=1', headers: as('root') })).json().calls[0]
    expect(clear.customerNumber).toBe('13800001234')
    expect(maskNumber('400-800-1234')).toBe('400***1234')
  })

  it('puts fatal calls first, then the most failed rules, then the lowest score', async () => {
    const calls = (await app.inject({ method: 'GET', url: '/api/v1/calls?limit=500', headers: as('insp') })).json().calls as Array<{ fatal: boolean; failedRules: string[]; score: number }>
    expect(calls).toHaveLength(40)
    for (let i = 1; i < calls.length; i++) {
      const [a, b] = [calls[i - 1]!, calls[i]!]
      const key = (c: typeof a) => [c.fatal ? 0 : 1, -c.failedRules.length, c.score]
      const [ka, kb] = [key(a), key(b)]
      const order = ka[0]! - kb[0]! || ka[1]! - kb[1]! || ka[2]! - kb[2]!
      expect(order).toBeLessThanOrEqual(0)
    }
  })

  it('treats SQL-looking filter values as values, and rejects malformed ones with where', async () => {
    const sql = await app.inject({ method: 'GET', url: `/api/v1/calls?teamId=${encodeURIComponent("T01' OR 1=1 --")}`, headers: as('insp') })
    expect(sql.statusCode).toBe(200)
    expect(sql.json().calls).toEqual([])
    const bad = await app.inject({ method: 'GET', url: '/api/v1/calls?from=yesterday&limit=100000', headers: as('insp') })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().problems.map((p: { path: string }) => p.path).sort()).toEqual(['$.from', '$.limit'])
  })
})

describe('user administration', () => {
  it('creates a user once, audits it, and the new user can sign in', async () => {
    const body = { username: 'wang.wu', displayName: '王五', role: 'agent', agentId: 'A2', password: 'another long password' }
    const created = await app.inject({ method: 'POST', url: '/api/v1/users', headers: as('root'), payload: body })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toEqual({ username: 'wang.wu', displayName: '王五', role: 'agent', agentId: 'A2', mustChangePassword: true })
    expect((await app.inject({ method: 'POST', url: '/api/v1/users', headers: as('root'), payload: body })).statusCode).toBe(409)
    const [entry] = (await store.auditLog({ limit: 50 })).entries.filter((e) => e.target === 'wang.wu')
    expect(entry).toMatchObject({ actor: 'root', action: 'user.create', before: 'null' })
    expect(JSON.parse(entry!.after)).toMatchObject({ role: 'agent', agentId: 'A2' })
    expect(entry!.after).not.toMatch(/scrypt|password/)
    const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'wang.wu', password: 'another long password' } })
    expect(login.statusCode).toBe(200)
  })

  it('refuses an oversized body and a short password', async () => {
    const big = await app.inject({ method: 'POST', url: '/api/v1/users', headers: { ...as('root'), 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'x'.repeat(100_000) }) })
    expect(big.statusCode).toBe(413)
    const short = await app.inject({ method: 'POST', url: '/api/v1/users', headers: as('root'), payload: { username: 'shorty', displayName: '', role: 'inspector', password: 'short' } })
    expect(short.statusCode).toBe(400)
    expect(short.json().problems).toEqual([{ path: '$.password', message: 'at least 12 characters' }])
  })
})

describe('callqa serve', () => {
  it('creates the admin once with a one-time password, serves the API, and stops on SIGTERM', async () => {
    const { spawn } = await import('node:child_process')
    const { createServer } = await import('node:net')
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number }
        probe.close(() => resolve(port))
      })
    })
    const dataDir = mkdtempSync(join(tmpdir(), 'callqa-serve-'))
    const env = { ...process.env, CALLQA_DATA_DIR: dataDir, CLICKHOUSE_URL: '', API_PORT: String(port), CALLQA_LANG: 'en' }
    const start = () => spawn(process.execPath, [join(process.cwd(), 'dist', 'services', 'cli', 'main.js'), 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    const untilListening = (child: ReturnType<typeof start>) =>
      new Promise<string>((resolve, reject) => {
        let err = ''
        child.stderr!.on('data', (chunk: Buffer) => {
          err += chunk.toString()
          if (err.includes('listening on')) resolve(err)
        })
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)))
      })
    const stop = async (child: ReturnType<typeof start>) => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      return exited
    }

    const first = start()
    const said = await untilListening(first)
    const password = /one-time password: (\S+)/.exec(said)?.[1]
    expect(password).toBeDefined()
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })
    expect(login.status).toBe(200)
    expect(await stop(first)).toBe(0)

    const second = start()
    expect(await untilListening(second)).not.toMatch(/one-time password/)
    expect(await stop(second)).toBe(0)
  }, 60_000)
})
