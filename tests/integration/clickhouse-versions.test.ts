import { mkdtempSync } from 'node:fs'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Transcript } from '../../pipelines/contracts/transcript.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { settle } from '../../pipelines/settlement/settle.js'
import { openClickHouse } from '../../services/lib/clickhouse/client.js'
import { PANEL_IDS } from '../../services/lib/clickhouse/dashboards.js'
import { loadMigrations } from '../../services/lib/clickhouse/migrate.js'
import { scorecardRows } from '../../services/lib/clickhouse/rows.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import type { StoreConfig } from '../../services/lib/config/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import { loadSettlementPolicy } from '../../services/lib/settlement/policy.js'
import { CLICKHOUSE_VERSIONS, startChdbServer, type ChdbServer, type ClickHouseVersion } from '../helpers/chdb-versions.js'
import { agent, call, customer, goodCall } from '../helpers/transcript.js'

/*
 * The SQL of every store operation (migrations, the review queue and call page, reviews, appeals, calibrations,
 * dashboards, settlements, re-scoring, users and audit) on the ClickHouse versions users run, through chdb builds of
 * those versions behind ClickHouse's HTTP interface: the server path, as callqa uses a ClickHouse server. Each
 * version must answer exactly as the embedded store (npm chdb) does.
 */

const scorer = compileRuleset(loadRuleset())
const v2 = compileRuleset({ ...loadRuleset(), version: 2 })
const house = loadSettlementPolicy()

// Two teams, three agents, calls in October and November 2026 (Asia/Shanghai), good ones and bad ones, with
// timestamps that end in milliseconds and one at 00:20 on the 1st (the month boundary).
function transcripts(): Transcript[] {
  const out: Transcript[] = []
  const agents = [
    { agentId: 'A1', agentName: '张三', teamId: 'T01' },
    { agentId: 'A2', agentName: '李四', teamId: 'T01' },
    { agentId: 'A3', agentName: '王五', teamId: 'T02' },
  ]
  for (let i = 0; i < 24; i++) {
    const who = agents[i % 3]!
    const day = String(1 + ((i * 5) % 28)).padStart(2, '0')
    const month = i % 4 === 0 ? '10' : '11'
    const startedAt = i === 1 ? '2026-11-01T00:20:00.250+08:00' : `2026-${month}-${day}T09:${String(i).padStart(2, '0')}:07.123+08:00`
    const base = { ...who, callId: `C-${String(i).padStart(3, '0')}`, startedAt, customerNumber: `1380000${String(i).padStart(4, '0')}` }
    out.push(
      i % 3 === 0
        ? call(base, [agent(0, 3000, '喂'), customer(2500, 6000, '我要投诉你们'), agent(6100, 9000, '你有病吧'), customer(9500, 10000, '什么')])
        : goodCall(base),
    )
  }
  return out
}

const at = (i: number) => new Date(Date.UTC(2026, 10, 20, 8, 0, 0, i * 37)).toISOString()

/** Every store operation, on data that makes each one return something; what each returned, for comparison. */
async function scenario(store: Store): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  const calls = transcripts()
  // A mono call whose roles were inferred, unsure: its roles are stored and read back, and put it in the queue.
  calls[5] = { ...calls[5]!, roles: { method: 'inferred', confidence: 0.6, speakers: 2, review: true, reasons: ['角色判定置信度低（0.60），请核对坐席与客户'] } }
  const items = calls.map((t, i) => ({ transcript: t, scorecard: scoreTranscript(scorer, t, at(i)) }))
  await store.saveScored(items.slice(0, 20))
  await store.saveTranscripts(calls.slice(20).map((t, i) => ({ transcript: t, version: Date.parse(at(30 + i)) })))
  await store.saveScorecards(items.slice(20).map(({ transcript: t, scorecard }) => ({ card: { ...scorecard, agentId: t.agentId, teamId: t.teamId, startedAt: t.startedAt }, enteredAt: Date.parse(at(40)) })))
  await store.saveCallStatus([
    { callId: 'C-000', stage: 'transcribe', status: 'done', reason: '', recordingUri: 'file:///r/C-000.wav' },
    { callId: 'C-001', stage: 'transcribe', status: 'failed', reason: 'truncated', recordingUri: 'file:///r/C-001.wav' },
  ])
  out.statuses = Object.fromEntries(await store.callStatuses('transcribe', ['C-000', 'C-001', 'C-999']))
  await store.saveCdrs([{ ...calls[2]!, callId: 'C-MISSED', answered: false }])
  out.report = await store.agentReport({ month: '2026-11' })
  out.reportAll = await store.agentReport()
  out.scorecards = await store.countScorecards()

  // A corrected CDR moves C-005 from November to the first minutes of December: it counts there, once.
  const moved = { ...calls[5]!, startedAt: '2026-12-01T00:05:00.500+08:00' }
  await store.saveScored([{ transcript: moved, scorecard: scoreTranscript(scorer, moved, at(45)) }])
  const panels: Record<string, unknown> = {}
  for (const id of PANEL_IDS) {
    panels[id] = await store.panelData(id, { month: '2026-11' })
    panels[`${id} T01 range`] = await store.panelData(id, { from: '2026-10-01', to: '2026-11-15', teamId: 'T01' })
  }
  out.panels = panels
  out.months = await store.monthsWithCalls()
  out.monthsOfA3 = await store.monthsWithCalls('A3')

  await store.saveUser({ username: 'qa-li', displayName: '李质检', role: 'inspector', agentId: null, passwordHash: 'h1', disabled: false })
  await store.saveUser({ username: 'A1', displayName: '张三', role: 'agent', agentId: 'A1', passwordHash: 'h2', disabled: false })
  out.user = await store.findUser('A1')
  out.users = await store.listUsers()
  await store.appendAudit({ actor: 'qa-li', action: 'review.submit', target: 'C-003', before: null, after: { score: 80 } })
  out.audit = (await store.auditLog({ target: 'C-003', limit: 10 })).entries.map(({ at: _, ...entry }) => entry)
  out.auditFiltered = (await store.auditLog({ actor: 'qa-li', action: 'review', from: '2020-01-01', to: '2099-12-31', limit: 10, offset: 0 })).total
  out.session = await store.sessionState('A1', 'S-1')
  // A session that is still valid: the table forgets revocations a day after the token would have expired anyway.
  await store.revokeSession({ sessionId: 'S-1', username: 'A1', expiresAt: Date.now() + 3_600_000 }, Date.now())
  out.revoked = (await store.sessionState('A1', 'S-1'))?.revoked
  out.known = [...(await store.knownCallIds(['C-003', 'C-404']))]

  const card = items[3]!.scorecard
  const failed = card.results.filter((r) => r.outcome === 'fail')
  await store.saveReview({
    callId: 'C-003', kind: 'qa', calibrationId: '', reviewer: 'qa-li', rulesetId: card.ruleset.id, rulesetVersion: card.ruleset.version,
    agentId: 'A1', teamId: 'T01', startedAt: calls[3]!.startedAt, machineScore: card.score, reviewedScore: 70, fatal: card.fatal,
    decisions: failed.map((r, i) => ({ ruleId: r.ruleId, verdict: i === 0 ? 'overturned' : 'confirmed', deduction: i === 1 ? 1 : r.deduction, ...(i === 1 && { machineDeduction: r.deduction }), comment: 'ok' })),
    added: [{ ruleId: 'volume', deduction: 2, fatal: false, startMs: 1000, endMs: 2500, quote: '听不清', comment: '补录' }],
    comment: '复核', reviewedAt: at(50),
  })
  out.reviews = await store.reviewsOf('C-003')
  await store.saveAppeal({
    appealId: 'AP-1', callId: 'C-003', ruleId: failed[1]!.ruleId, agentId: 'A1', teamId: 'T01', startedAt: calls[3]!.startedAt,
    reviewer: 'qa-li', reason: '误判', filedBy: 'A1', filedAt: at(51), status: 'open', decidedBy: '', decisionComment: '', decidedAt: null,
  })
  out.appeals = await store.listAppeals({ callId: 'C-003', limit: 10 })
  // Decided once: the second decision with the same token does not land.
  await store.saveAppeal({ ...(out.appeals as Array<Parameters<Store['saveAppeal']>[0]>)[0]!, status: 'rejected', decidedBy: 'sup-wang', decidedAt: at(52) }, 'appeal-decision:AP-1')
  await store.saveAppeal({ ...(out.appeals as Array<Parameters<Store['saveAppeal']>[0]>)[0]!, status: 'upheld', decidedBy: 'sup-zhou', decidedAt: at(53) }, 'appeal-decision:AP-1')
  out.appealsDecided = await store.listAppeals({ status: 'rejected', limit: 10 })
  await store.assignCalls(['C-006', 'C-009'], 'qa-li', 'sup-wang', Date.parse(at(53)))
  await store.saveCalibration({ calibrationId: 'CAL-1', callId: 'C-006', title: '十一月校准', inspectors: ['qa-li', 'qa-zhao'], createdBy: 'sup-wang', createdAt: at(54) })
  out.calibrations = await store.listCalibrations({ inspector: 'qa-li' })

  const sampling = { perAgentWeek: 1, seed: 7 }
  const queue: Record<string, unknown> = {}
  queue.default = await store.reviewQueue({ view: 'queue', limit: 50, offset: 0 }, sampling)
  queue.all = await store.reviewQueue({ view: 'all', limit: 5, offset: 5 }, sampling)
  queue.filtered = await store.reviewQueue(
    { view: 'all', status: 'pending', teamId: 'T01', ruleId: 'forbidden-phrase', from: '2026-11-01', to: '2026-11-30T23:59:59+08:00', minScore: 0, maxScore: 90, limit: 50, offset: 0 },
    sampling,
  )
  queue.reviewed = await store.reviewQueue({ view: 'all', status: 'reviewed', agentId: 'A1', limit: 50, offset: 0 }, sampling)
  queue.assigned = await store.reviewQueue({ view: 'all', assignee: 'qa-li', limit: 50, offset: 0 }, sampling)
  out.queue = queue
  out.callRecord = await store.callRecord('C-003')
  out.noCall = await store.callRecord('C-404')
  out.storedTranscript = await store.storedTranscript('C-005')
  out.noTranscript = await store.storedTranscript('C-404')

  await store.saveSettlementEvents([
    { event: { eventId: 'E-1', kind: 'complaint', agentId: 'A1', teamId: 'T01', occurredAt: '2026-11-02T10:00:00.500+08:00', callId: 'C-003', note: '态度', recordedBy: 'sup-wang' }, withdrawn: false },
    { event: { eventId: 'E-2', kind: 'praise', agentId: 'A2', teamId: '', occurredAt: '2026-11-30T23:59:59.999+08:00', callId: '', note: '表扬', recordedBy: 'sup-wang' }, withdrawn: false },
  ])
  const inputs = await store.settlementInputs('2026-11')
  out.settlementInputs = inputs
  const settlement = settle({ month: '2026-11', policy: house.policy, policyDigest: house.digest, ...inputs })
  const draft = await store.saveSettlement(settlement, 'sup-wang')
  await store.signSettlement('2026-11', draft.version, 'sup-wang', draft.digest)
  const stamped = (v: { createdAt: string; signedAt: string | null }) => ({ ...v, createdAt: 'now', signedAt: v.signedAt && 'now' })
  out.settlements = (await store.settlementVersions('2026-11')).map(stamped)
  const one = await store.settlementVersion('2026-11', draft.version)
  out.settlement = one && stamped(one)

  const range = { fromMs: Date.parse('2026-10-01T00:00:00+08:00'), toMs: Date.parse('2026-12-01T00:00:00+08:00') }
  const target = { id: 'default', version: 2 }
  out.rescoreCounts = await store.rescoreCounts(range, target)
  const last = await store.nextRescorePage(range, '', 10)
  out.page = last
  const stored = (await store.storedCalls({ ...range, after: '', last: last! }, target)).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as object)
  out.storedCalls = stored
  await store.saveScorecardRows(scorecardRows(items.slice(0, 10).map(({ transcript: t }, i) => ({ ...scoreTranscript(v2, t, at(60 + i)), agentId: t.agentId, teamId: t.teamId, startedAt: t.startedAt }))))
  out.rescoreCountsAfter = await store.rescoreCounts(range, target)
  out.diff = await store.rulesetDiff({ id: 'default', version: 1 }, target, range)
  out.diffAll = await store.rulesetDiff({ id: 'default', version: 1 }, target)
  return out
}

/** Counts the calls of each store method, to prove the scenario leaves none out. */
function counted(store: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>()
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function' || typeof key !== 'string') return value
      return (...args: unknown[]) => {
        calls.set(key, (calls.get(key) ?? 0) + 1)
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { store: proxy, calls }
}

let embedded: Record<string, unknown>
const servers = new Map<ClickHouseVersion, ChdbServer>()

// The servers start (installing their venvs on a machine's first run) while the embedded store runs the scenario.
beforeAll(async () => {
  const starting = Promise.all(
    CLICKHOUSE_VERSIONS.map(async (v) => servers.set(v, await startChdbServer(v, mkdtempSync(join(tmpdir(), `callqa-ch-${v.clickhouse}-`))))),
  )
  const store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'callqa-versions-embedded-')) })
  const { store: watched, calls } = counted(store)
  try {
    embedded = await scenario(watched)
  } finally {
    await store.close()
  }
  const methods = Object.keys(store).filter((k) => typeof (store as unknown as Record<string, unknown>)[k] === 'function' && k !== 'close')
  expect(methods.filter((m) => !calls.has(m)), 'store methods the scenario does not exercise').toEqual([])
  await starting
}, 900_000)

afterAll(() => {
  for (const server of servers.values()) server.stop()
})

// The versions side by side: each engine is a process of its own.
it.concurrent.each(CLICKHOUSE_VERSIONS)('ClickHouse $clickhouse (chdb $packages) migrates, and answers every store operation as the embedded store does', async (version) => {
  const server = servers.get(version)!
  expect(server.version.startsWith(`${version.clickhouse}.`), `${version.clickhouse}: the engine says ${server.version}`).toBe(true)
  const config: StoreConfig = { kind: 'server', url: server.url, username: 'default', password: '', database: 'callqa' }
  const store = await openStore(config)
  try {
    expect(await scenario(store)).toEqual(embedded)
    // Migrating an up-to-date server again applies nothing and breaks nothing.
    const again = await openStore(config)
    expect(again.appliedMigrations).toEqual([])
    await again.close()
  } finally {
    await store.close()
  }
}, 300_000)

it('retries reads over dropped connections, and gives up on a server that does not answer', async () => {
  const target = new URL(servers.get(CLICKHOUSE_VERSIONS.at(-1)!)!.url)
  let accepted = 0
  // Resets the first two connections, then relays to the server.
  const flaky = createServer((socket) => {
    if (++accepted <= 2) return socket.resetAndDestroy()
    const upstream = connect(Number(target.port), target.hostname)
    socket.pipe(upstream).pipe(socket)
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  // Accepts and never answers.
  const held: Socket[] = []
  const silent = createServer((socket) => void held.push(socket))
  const listen = async (s: Server) => {
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
  }
  try {
    const base = { kind: 'server', username: 'default', password: '', database: 'callqa' } as const
    const store = await openStore({ ...base, url: await listen(flaky) })
    expect(accepted).toBeGreaterThan(2)
    expect((await store.agentReport({ month: '2026-11' })).length).toBeGreaterThan(0)
    await store.close()
    await expect(openStore({ ...base, url: await listen(silent), timeoutMs: 1000, attempts: 2 })).rejects.toThrow(/^ClickHouse command failed 2 times, the last with: Timeout error/)
  } finally {
    flaky.close()
    silent.close()
    for (const socket of held) socket.destroy()
  }
}, 120_000)

it('repairs the dashboard views that releases before migration 0009 bound to default.* on 24.8', async () => {
  const config: StoreConfig = { kind: 'server', url: servers.get(CLICKHOUSE_VERSIONS[0]!)!.url, username: 'default', password: '', database: 'callqa_old' }
  const db = config.database
  const client = openClickHouse(config)
  const viewTargets = async () =>
    (await (await client.query({ query: "SELECT name, create_table_query AS q FROM system.tables WHERE database = {db:String} AND name LIKE '%_mv' ORDER BY name", query_params: { db }, format: 'JSONEachRow' })).json<{ q: string }>()).map((r) => /\bTO (\S+)/.exec(r.q)?.[1])
  try {
    // What those releases did: every statement with the database as a query parameter, the views in 0008.
    const migrations = loadMigrations()
    const before = migrations.filter((m) => m.version < '0009')
    const views = migrations.find((m) => m.version.startsWith('0009'))!.statements.filter((s) => !s.startsWith('DROP') && !s.includes('\nDROP'))
    await client.command({ query: 'CREATE DATABASE {db:Identifier}', query_params: { db } })
    await client.command({ query: "CREATE TABLE {db:Identifier}.schema_migrations (version String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = ReplacingMergeTree ORDER BY version", query_params: { db } })
    for (const statement of [...before.flatMap((m) => m.statements), ...views]) await client.command({ query: statement, query_params: { db } })
    for (const m of before) await client.command({ query: 'INSERT INTO {db:Identifier}.schema_migrations (version) VALUES ({v:String})', query_params: { db, v: m.version } })
    expect(await viewTargets()).toEqual(['default.call_latest', 'default.cdrs'])

    const store = await openStore(config)
    try {
      // 0009 repairs the views; the migrations after it apply as on any store.
      expect(store.appliedMigrations).toEqual(migrations.filter((m) => m.version >= '0009').map((m) => m.version))
      expect(store.appliedMigrations[0]).toBe('0009_dashboard_views')
      expect(await viewTargets()).toEqual(['callqa_old.call_latest', 'callqa_old.cdrs', 'callqa_old.rule_results', 'callqa_old.scorecards'])
      const t = transcripts()[0]!
      await store.saveScored([{ transcript: t, scorecard: scoreTranscript(scorer, t, at(0)) }])
      expect(await store.panelData('score-distribution', { month: '2026-10' })).toContainEqual(expect.objectContaining({ calls: 1 }))
    } finally {
      await store.close()
    }
  } finally {
    await client.close()
  }
}, 300_000)
