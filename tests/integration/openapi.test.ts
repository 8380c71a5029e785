import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validate } from '@readme/openapi-parser'
import type { FastifyInstance } from 'fastify'
import createClient from 'openapi-fetch'
import openapiTS, { astToString } from 'openapi-typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { buildApiApp } from '../../services/api/app.js'
import { hashPassword } from '../../services/api/passwords.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import type { paths } from '../generated/workspace-api.js'
import { call, customer, agent as said, goodCall } from '../helpers/transcript.js'

/*
 * The workspace API's OpenAPI document, as served at /api/docs/json, checked by an independent validator
 * (@readme/openapi-parser, the checks swagger-cli makes), and a client generated from it: openapi-typescript's types,
 * committed as tests/generated/workspace-api.ts (OPENAPI_WRITE=1 rewrites them) and type-checked by `npm run lint`,
 * driving openapi-fetch over HTTP to sign in, read the queue and open a call page.
 */

const GENERATED = 'tests/generated/workspace-api.ts'
const HEADER = '// Generated from the workspace API\'s OpenAPI document by openapi-typescript: tests/integration/openapi.test.ts.\n'

let store: Store
let app: FastifyInstance
let baseUrl: string
let document: Record<string, unknown>

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'callqa-openapi-')) })
  await store.saveUser({ username: 'qa-li', displayName: '李质检', role: 'inspector', agentId: null, passwordHash: await hashPassword('secret-pass-1'), disabled: false })
  const scorer = compileRuleset(loadRuleset())
  const calls = [
    goodCall({ callId: 'C-GOOD', startedAt: '2026-11-03T10:00:00+08:00' }),
    call({ callId: 'C-BAD', startedAt: '2026-11-04T10:00:00+08:00' }, [said(0, 2000, '喂'), customer(2500, 5000, '你好'), said(5200, 8000, '你有病吧')]),
  ]
  await store.saveScored(calls.map((t) => ({ transcript: t, scorecard: scoreTranscript(scorer, t, '2026-11-05T00:00:00.000Z') })))
  app = await buildApiApp({ store, secret: 's'.repeat(40), recordingsDir: mkdtempSync(join(tmpdir(), 'callqa-openapi-rec-')), sampling: { perAgentWeek: 1, seed: 1 } })
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  document = (await (await fetch(`${baseUrl}/api/docs/json`)).json()) as Record<string, unknown>
})

afterAll(async () => {
  await app?.close()
  await store?.close()
})

describe('the OpenAPI document', () => {
  it('is valid OpenAPI, with no warnings', async () => {
    const result = await validate(structuredClone(document) as never)
    expect(result).toEqual(expect.objectContaining({ valid: true, warnings: [] }))
  })

  it('names every operation once, and says which need no token', () => {
    const operations = Object.entries(document.paths as Record<string, Record<string, { operationId?: string; security?: unknown[]; responses: Record<string, unknown> }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, ...op })),
    )
    const ids = operations.map((op) => op.operationId)
    expect(ids.every((id) => typeof id === 'string')).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(operations.filter((op) => op.security?.length === 0).map((op) => `${op.method} ${op.path}`).sort()).toEqual(['get /api/v1/calls/{callId}/audio', 'post /api/v1/login'])
    for (const op of operations) {
      expect(Object.keys(op.responses), `${op.method} ${op.path}`).toContain('400')
      if (op.security === undefined) expect(Object.keys(op.responses), `${op.method} ${op.path}`).toEqual(expect.arrayContaining(['401', '403']))
    }
  })

  it("documents a dashboard panel's query parameters", () => {
    const panel = (document.paths as Record<string, { get: { parameters: Array<{ name: string; in: string }> } }>)['/api/v1/dashboards/{panel}']!.get
    expect(panel.parameters.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['agentId', 'bandHigh', 'bandLow', 'from', 'limit', 'month', 'passScore', 'teamId', 'to'])
  })

  it('gives exactly the committed client types', async () => {
    const types = HEADER + astToString(await openapiTS(structuredClone(document) as never))
    if (process.env.OPENAPI_WRITE === '1') writeFileSync(GENERATED, types)
    expect(readFileSync(GENERATED, 'utf8') === types, `the API changed: OPENAPI_WRITE=1 npx vitest run tests/integration/openapi.test.ts`).toBe(true)
  })
})

describe('a client generated from it', () => {
  it('signs in, reads the queue and opens a call page', async () => {
    const client = createClient<paths>({ baseUrl })
    const denied = await client.GET('/api/v1/calls', { params: { query: {} } })
    expect(denied.response.status).toBe(401)
    expect(denied.error?.error).toMatch(/sign in first/)

    const login = await client.POST('/api/v1/login', { body: { username: 'qa-li', password: 'secret-pass-1' } })
    expect(login.data?.user.role).toBe('inspector')
    const headers = { authorization: `Bearer ${login.data!.token}` }

    const queue = await client.GET('/api/v1/calls', { params: { query: { view: 'all', limit: 10 } }, headers })
    expect(queue.data?.total).toBe(2)
    const worst = queue.data!.calls[0]!
    expect(worst.callId).toBe('C-BAD')
    expect(worst.customerNumber).toMatch(/^\d{3}\*{4}\d{4}$/)

    const page = await client.GET('/api/v1/calls/{callId}', { params: { path: { callId: worst.callId } }, headers })
    expect(page.data?.call.callId).toBe('C-BAD')
    expect(page.data?.scorecard?.results.find((r) => r.ruleId === 'forbidden-phrase')?.outcome).toBe('fail')

    const bad = await client.GET('/api/v1/calls', { params: { query: { limit: 0 } }, headers })
    expect(bad.response.status).toBe(400)
    expect(bad.error?.problems?.[0]?.path).toBe('$.limit')

    const panel = await client.GET('/api/v1/dashboards/{panel}', { params: { path: { panel: 'score-distribution' }, query: { month: '2026-11' } }, headers })
    expect(panel.data?.rows.length).toBeGreaterThan(0)
  })
})
