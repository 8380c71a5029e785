import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Call } from '../../pipelines/contracts/call.js'
import { RULE_IDS } from '../../pipelines/contracts/rule-ids.js'
import { Scorecard, type RuleResult } from '../../pipelines/contracts/scorecard.js'
import { openClickHouse } from '../../services/lib/clickhouse/client.js'
import { PANEL_IDS, PANELS, type PanelId, type PanelParams, type PanelRows } from '../../services/lib/clickhouse/dashboards.js'
import { grafanaSql } from '../../services/lib/clickhouse/grafana.js'
import { monthPeriod } from '../../services/lib/clickhouse/period.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import type { StoreConfig } from '../../services/lib/config/store.js'
import { HttpProblem } from '../../services/lib/errors.js'
import { agent, call, customer } from '../helpers/transcript.js'

/*
 * Every dashboard panel against a small hand-built month, through the Store into chdb. The expected rows below are
 * worked out by hand from this table (latest scorecard per call):
 *
 *   call  agent (team)   started (+08:00)   score           failed rules                  cpm   overtalk  review
 *   D1    A1 张三 (T01)   11-02 10:00         95              interruption                  150   1
 *   D2    A1 (T01)        11-02 11:00         40 → re-scored 85  greeting, closing → closing  170   0
 *   D3    A2 李四 (T01)   11-03 09:00         0, fatal        forbidden-phrase              130   3         qa
 *   D4    A2 (T01)        11-03 15:00         55              greeting, recap, closing      —     —         calibration only
 *   D5    A3 王五 (T02)   11-01 00:10         100             —                             145   0
 *   D6    A3 (T02)        10-31 23:30         70              greeting                      155   2
 *
 * CDR feed: D1 answered, U1 (A1, T01, 11-02) and U2 (A3, T02, 11-01) unanswered.
 */

const root = mkdtempSync(join(tmpdir(), 'callqa-dashboards-'))
const config: StoreConfig = { kind: 'embedded', dataDir: join(root, 'data') }
let store: Store

const AGENTS = { A1: { name: '张三', team: 'T01' }, A2: { name: '李四', team: 'T01' }, A3: { name: '王五', team: 'T02' } }

interface CallSpec {
  agentId: keyof typeof AGENTS
  startedAt: string
  score: number
  fatal?: boolean
  failed: RuleResult['ruleId'][]
  cpm: number | null
  overtalk: number | null
  ruleset?: { id: string; version: number }
  scoredAt?: string
}

function scored(callId: string, spec: CallSpec) {
  const who = AGENTS[spec.agentId]
  const transcript = call(
    { callId, agentId: spec.agentId, agentName: who.name, teamId: who.team, startedAt: spec.startedAt, recording: undefined },
    [agent(0, 3000, '您好，某某公司，请问有什么可以帮您？'), customer(3200, 6000, '我想查一下订单。')],
  )
  const results: RuleResult[] = RULE_IDS.map((ruleId) =>
    spec.failed.includes(ruleId)
      ? { ruleId, outcome: 'fail', deduction: 5, severity: spec.fatal ? 'fatal' : 'minor', evidence: [{ note: 'hand-made' }] }
      : { ruleId, outcome: 'pass', deduction: 0, evidence: [] },
  )
  const scorecard = Scorecard.parse({
    callId,
    ruleset: spec.ruleset ?? { id: 'default', version: 1 },
    score: spec.score,
    fatal: spec.fatal ?? false,
    results,
    metrics: { agentCharsPerMinute: spec.cpm, overtalkCount: spec.overtalk, longestAgentSilenceMs: 1000 },
    scoredAt: spec.scoredAt ?? '2026-12-01T00:00:00Z',
  })
  return { transcript, scorecard }
}

const d1 = scored('D1', { agentId: 'A1', startedAt: '2026-11-02T10:00:00+08:00', score: 95, failed: ['interruption'], cpm: 150, overtalk: 1 })
const d2First = scored('D2', {
  agentId: 'A1',
  startedAt: '2026-11-02T11:00:00+08:00',
  score: 40,
  failed: ['greeting', 'closing'],
  cpm: 150,
  overtalk: 2,
  scoredAt: '2026-11-02T03:05:00Z',
})
const d2Rescored = scored('D2', {
  agentId: 'A1',
  startedAt: '2026-11-02T11:00:00+08:00',
  score: 85,
  failed: ['closing'],
  cpm: 170,
  overtalk: 0,
  ruleset: { id: 'default', version: 2 },
  scoredAt: '2026-11-05T00:00:00Z',
})
const d3 = scored('D3', {
  agentId: 'A2',
  startedAt: '2026-11-03T09:00:00+08:00',
  score: 0,
  fatal: true,
  failed: ['forbidden-phrase'],
  cpm: 130,
  overtalk: 3,
})
const d4 = scored('D4', {
  agentId: 'A2',
  startedAt: '2026-11-03T15:00:00+08:00',
  score: 55,
  failed: ['greeting', 'recap', 'closing'],
  cpm: null,
  overtalk: null,
})
const d5 = scored('D5', { agentId: 'A3', startedAt: '2026-11-01T00:10:00+08:00', score: 100, failed: [], cpm: 145, overtalk: 0 })
const d6 = scored('D6', { agentId: 'A3', startedAt: '2026-10-31T23:30:00+08:00', score: 70, failed: ['greeting'], cpm: 155, overtalk: 2 })

function cdr(callId: string, agentId: keyof typeof AGENTS, startedAt: string, answered: boolean): Call {
  const who = AGENTS[agentId]
  return {
    callId,
    hotline: '400-800-1234',
    agentId,
    agentName: who.name,
    teamId: who.team,
    direction: 'inbound',
    startedAt,
    ringSeconds: answered ? 5 : 40,
    answered,
    durationSeconds: answered ? 120 : 0,
  }
}

async function saveReview(callId: string, kind: 'qa' | 'calibration', spec: CallSpec): Promise<void> {
  const client = openClickHouse(config)
  try {
    await client.insert({
      table: '{db:Identifier}.reviews',
      format: 'JSONEachRow',
      query_params: { db: 'callqa' },
      values: [
        {
          call_id: callId,
          kind,
          calibration_id: kind === 'qa' ? '' : 'CAL-1',
          reviewer: 'inspector1',
          ruleset_id: 'default',
          ruleset_version: 1,
          agent_id: spec.agentId,
          team_id: AGENTS[spec.agentId].team,
          started_at: Date.parse(spec.startedAt),
          machine_score: spec.score,
          reviewed_score: spec.score,
          fatal: spec.fatal ?? false,
          decisions: [],
          comment: '',
          reviewed_at: Date.parse('2026-12-02T00:00:00Z'),
        },
      ],
    })
  } finally {
    await client.close()
  }
}

beforeAll(async () => {
  store = await openStore(config)
  // D1 twice: a redelivery. D2 scored, then re-scored with a newer ruleset.
  await store.saveScored([d1, d1, d2First, d3, d4, d5, d6])
  await store.saveScored([d2Rescored])
  await store.saveCdrs([
    cdr('D1', 'A1', '2026-11-02T10:00:00+08:00', true),
    cdr('U1', 'A1', '2026-11-02T16:00:00+08:00', false),
    cdr('U2', 'A3', '2026-11-01T08:00:00+08:00', false),
  ])
  await saveReview('D3', 'qa', { agentId: 'A2', startedAt: '2026-11-03T09:00:00+08:00', score: 0, fatal: true, failed: [], cpm: null, overtalk: null })
  await saveReview('D4', 'calibration', { agentId: 'A2', startedAt: '2026-11-03T15:00:00+08:00', score: 55, failed: [], cpm: null, overtalk: null })
})

afterAll(async () => {
  await store.close()
  rmSync(root, { recursive: true, force: true })
})

const NOV = { month: '2026-11' }
const rows = <P extends PanelId>(panel: P, params: PanelParams = NOV): Promise<PanelRows<P>> => store.panelData(panel, params)

describe('score distribution', () => {
  const buckets = (filled: Record<number, number>) =>
    Array.from({ length: 10 }, (_, i) => ({ bucket: i * 10, calls: filled[i * 10] ?? 0 }))

  test('10-point buckets, each call once by its latest scorecard, empty buckets included', async () => {
    expect(await rows('score-distribution')).toEqual(buckets({ 0: 1, 50: 1, 80: 1, 90: 2 }))
  })

  test('months are calendar months in Asia/Shanghai', async () => {
    expect(await rows('score-distribution', { month: '2026-10' })).toEqual(buckets({ 70: 1 }))
    expect(await rows('score-distribution', { month: '2026-09' })).toEqual(buckets({}))
  })

  test('an agent filter keeps that agent only', async () => {
    expect(await rows('score-distribution', { ...NOV, agentId: 'A1' })).toEqual(buckets({ 80: 1, 90: 1 }))
  })
})

test('score trend by team: daily averages in Shanghai days', async () => {
  expect(await rows('score-trend-team')).toEqual([
    { day: '2026-11-01', teamId: 'T02', calls: 1, avgScore: 100 },
    { day: '2026-11-02', teamId: 'T01', calls: 2, avgScore: 90 },
    { day: '2026-11-03', teamId: 'T01', calls: 2, avgScore: 27.5 },
  ])
  expect(await rows('score-trend-team', { month: '2026-10' })).toEqual([{ day: '2026-10-31', teamId: 'T02', calls: 1, avgScore: 70 }])
  expect(await rows('score-trend-team', { ...NOV, teamId: 'T02' })).toEqual([{ day: '2026-11-01', teamId: 'T02', calls: 1, avgScore: 100 }])
})

test('score trend by agent, and a date range instead of a month', async () => {
  expect(await rows('score-trend-agent')).toEqual([
    { day: '2026-11-01', teamId: 'T02', agentId: 'A3', calls: 1, avgScore: 100 },
    { day: '2026-11-02', teamId: 'T01', agentId: 'A1', calls: 2, avgScore: 90 },
    { day: '2026-11-03', teamId: 'T01', agentId: 'A2', calls: 2, avgScore: 27.5 },
  ])
  expect(await rows('score-trend-agent', { from: '2026-10-31', to: '2026-11-01' })).toEqual([
    { day: '2026-10-31', teamId: 'T02', agentId: 'A3', calls: 1, avgScore: 70 },
    { day: '2026-11-01', teamId: 'T02', agentId: 'A3', calls: 1, avgScore: 100 },
  ])
})

test('violation Pareto: failed calls per rule of the latest scorecards, most first, cumulative %', async () => {
  const pareto = await rows('violation-pareto')
  expect(pareto.map(({ ruleId, calls }) => [ruleId, calls])).toEqual([
    ['closing', 2],
    ['forbidden-phrase', 1],
    ['greeting', 1],
    ['interruption', 1],
    ['recap', 1],
  ])
  expect(pareto.map((r) => r.cumulativePct)).toEqual([200 / 6, 50, 400 / 6, 500 / 6, 100].map((x) => expect.closeTo(x, 9)))
  const a1 = await rows('violation-pareto', { ...NOV, agentId: 'A1' })
  expect(a1).toEqual([
    { ruleId: 'closing', calls: 1, cumulativePct: 50 },
    { ruleId: 'interruption', calls: 1, cumulativePct: 100 },
  ])
})

test('top and bottom agents by average score, with their calls and names', async () => {
  expect(await rows('top-agents', { ...NOV, limit: 2 })).toEqual([
    { agentId: 'A3', agentName: '王五', teamId: 'T02', calls: 1, avgScore: 100 },
    { agentId: 'A1', agentName: '张三', teamId: 'T01', calls: 2, avgScore: 90 },
  ])
  expect(await rows('bottom-agents', { ...NOV, limit: 2 })).toEqual([
    { agentId: 'A2', agentName: '李四', teamId: 'T01', calls: 2, avgScore: 27.5 },
    { agentId: 'A1', agentName: '张三', teamId: 'T01', calls: 2, avgScore: 90 },
  ])
  expect(await rows('top-agents', { ...NOV, agentId: 'A2' })).toEqual([
    { agentId: 'A2', agentName: '李四', teamId: 'T01', calls: 2, avgScore: 27.5 },
  ])
})

test('speech-rate trend: measured calls only, with the 140–160 band', async () => {
  const band = { bandLow: 140, bandHigh: 160 }
  expect(await rows('speech-rate-trend')).toEqual([
    { day: '2026-11-01', teamId: 'T02', calls: 1, avgCharsPerMinute: 145, inBandShare: 1, ...band },
    { day: '2026-11-02', teamId: 'T01', calls: 2, avgCharsPerMinute: 160, inBandShare: 0.5, ...band },
    { day: '2026-11-03', teamId: 'T01', calls: 1, avgCharsPerMinute: 130, inBandShare: 0, ...band },
  ])
  const wide = await rows('speech-rate-trend', { ...NOV, teamId: 'T01', bandLow: 120, bandHigh: 175 })
  expect(wide.map((r) => r.inBandShare)).toEqual([1, 1])
})

test('overtalk trend: measured calls only', async () => {
  expect(await rows('overtalk-trend')).toEqual([
    { day: '2026-11-01', teamId: 'T02', calls: 1, overtalksPerCall: 0, callsWithOvertalkShare: 0 },
    { day: '2026-11-02', teamId: 'T01', calls: 2, overtalksPerCall: 0.5, callsWithOvertalkShare: 0.5 },
    { day: '2026-11-03', teamId: 'T01', calls: 1, overtalksPerCall: 3, callsWithOvertalkShare: 1 },
  ])
})

test('review backlog: fatal or failing latest scorecards without a QA review', async () => {
  // D2 failed on its first scorecard only; D4's calibration review does not count.
  expect(await rows('review-backlog')).toEqual([{ day: '2026-11-03', teamId: 'T01', needingReview: 2, reviewed: 1, backlog: 1 }])
  expect(await rows('review-backlog', { ...NOV, passScore: 90 })).toEqual([
    { day: '2026-11-02', teamId: 'T01', needingReview: 1, reviewed: 0, backlog: 1 },
    { day: '2026-11-03', teamId: 'T01', needingReview: 2, reviewed: 1, backlog: 1 },
  ])
  expect(await rows('review-backlog', { ...NOV, agentId: 'A3' })).toEqual([])
})

test('answer rate from the CDR feed; empty, not 100%, where the feed has no unanswered call', async () => {
  expect(await rows('answer-rate')).toEqual([
    { day: '2026-11-01', offered: 2, answered: 1, unanswered: 1, answerRate: 0.5 },
    { day: '2026-11-02', offered: 3, answered: 2, unanswered: 1, answerRate: 2 / 3 },
    { day: '2026-11-03', offered: 2, answered: 2, unanswered: 0, answerRate: null },
  ])
  expect(await rows('answer-rate', { month: '2026-10' })).toEqual([{ day: '2026-10-31', offered: 1, answered: 1, unanswered: 0, answerRate: null }])
  expect(await rows('answer-rate', { ...NOV, agentId: 'A1' })).toEqual([
    { day: '2026-11-02', offered: 3, answered: 2, unanswered: 1, answerRate: 2 / 3 },
  ])
})

test('the Grafana queries, interpolated as Grafana does for this month and All, give the same rows', async () => {
  const { fromMs, toMs } = monthPeriod('2026-11')
  const client = openClickHouse(config)
  try {
    for (const id of PANEL_IDS) {
      const sql = grafanaSql(PANELS[id].sql)
        .replaceAll('$__fromTime_ms', `fromUnixTimestamp64Milli(${fromMs})`)
        .replaceAll('$__toTime_ms', `fromUnixTimestamp64Milli(${toMs})`)
        .replaceAll('${db}', 'callqa')
        .replaceAll('${team:sqlstring}', "''")
        .replaceAll('${agent:sqlstring}', "''")
        .replaceAll('${limit}', '10')
        .replaceAll('${pass_score}', '60')
        .replaceAll('${band_low}', '140')
        .replaceAll('${band_high}', '160')
      const result = await client.query({ query: sql, format: 'JSONEachRow' })
      expect(await result.json(), id).toEqual(await rows(id))
    }
  } finally {
    await client.close()
  }
})

describe('bad requests', () => {
  test('an unknown panel is a 404 naming the panels', async () => {
    const err = await store.panelData('nope' as PanelId, NOV).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HttpProblem)
    expect(err).toMatchObject({ statusCode: 404, message: expect.stringContaining('score-distribution') })
  })

  test.each([
    [{}, 'give either month, or from and to'],
    [{ month: '2026-11', from: '2026-11-01', to: '2026-11-02' }, 'give either month, or from and to'],
    [{ from: '2026-11-01' }, 'from and to go together'],
    [{ month: '2026-13' }, 'a month YYYY-MM'],
    [{ from: '2026-11-05', to: '2026-11-01' }, 'from is after to'],
  ])('%j is a 400 saying what is wrong', async (params, message) => {
    const err = await store.panelData('score-distribution', params).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HttpProblem)
    expect(err).toMatchObject({ statusCode: 400, problems: expect.arrayContaining([expect.objectContaining({ message })]) })
  })
})
