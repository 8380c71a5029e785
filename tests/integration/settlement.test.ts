import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ClickHouseClient } from '@clickhouse/client'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Scorecard, type RuleResult } from '../../pipelines/contracts/scorecard.js'
import type { Settlement } from '../../pipelines/contracts/settlement.js'
import { mergeYaml } from '../../pipelines/contracts/yaml-file.js'
import { SettlementPolicy } from '../../pipelines/contracts/settlement-policy.js'
import { settle } from '../../pipelines/settlement/settle.js'
import { shanghaiTime } from '../../pipelines/settlement/sheet.js'
import { openClickHouse } from '../../services/lib/clickhouse/client.js'
import { SettlementStateError } from '../../services/lib/clickhouse/settlements.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import type { StoreConfig } from '../../services/lib/config/store.js'
import { parseCsv } from '../../services/lib/csv.js'
import { settlementCsv, settlementXlsx } from '../../services/lib/settlement/export.js'
import { loadSettlementPolicy } from '../../services/lib/settlement/policy.js'
import { agent, call, customer } from '../helpers/transcript.js'

// One data directory for this file (chdb binds one per process); the CLI part uses a directory of its own.
const root = mkdtempSync(join(tmpdir(), 'callqa-settlement-'))
const config: StoreConfig = { kind: 'embedded', dataDir: join(root, 'data') }
afterAll(() => rmSync(root, { recursive: true, force: true }))

const house = loadSettlementPolicy()
const policy = SettlementPolicy.parse(mergeYaml(house.policy, { teams: { T01: { leads: ['L01'] } }, rewards: { score: { minCalls: 2 } } }))

const fail = (ruleId: RuleResult['ruleId'], severity: 'minor' | 'fatal', text: string): RuleResult => ({
  ruleId,
  outcome: 'fail',
  deduction: severity === 'fatal' ? 100 : 5,
  severity,
  evidence: [{ startMs: 0, endMs: 3000, speaker: 'agent', text, note: `${ruleId} failed` }],
})

/** A stored call of an agent with its machine scorecard. */
function scored(callId: string, agentId: string, startedAt: string, results: RuleResult[], score: number) {
  const transcript = call({ callId, agentId, agentName: agentId === 'A1' ? '张三' : '李四', teamId: 'T01', startedAt }, [
    agent(0, 3000, '喂，你好'),
    customer(3500, 6000, '我查订单'),
  ])
  const scorecard = Scorecard.parse({
    callId,
    ruleset: { id: 'default', version: 1 },
    score,
    fatal: results.some((r) => r.severity === 'fatal'),
    results,
    metrics: { agentCharsPerMinute: 150, overtalkCount: 0, longestAgentSilenceMs: 1000 },
    scoredAt: '2026-11-02T01:00:00Z',
  })
  return { transcript, scorecard }
}

/** exceljs types its input as an ArrayBuffer. */
const arrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer

interface Review {
  callId: string
  agentId: string
  startedAt: string
  reviewer: string
  reviewedAt: string
  kind?: 'qa' | 'calibration'
  reviewedScore: number
  decisions: Array<{ ruleId: string; verdict: 'confirmed' | 'overturned'; comment?: string }>
}

describe('monthly settlement in the store', () => {
  let store: Store
  let raw: ClickHouseClient

  async function review(r: Review): Promise<void> {
    await raw.insert({
      table: '{db:Identifier}.reviews',
      format: 'JSONEachRow',
      query_params: { db: 'callqa' },
      values: [
        {
          call_id: r.callId,
          kind: r.kind ?? 'qa',
          calibration_id: r.kind === 'calibration' ? 'CAL-1' : '',
          reviewer: r.reviewer,
          ruleset_id: 'default',
          ruleset_version: 1,
          agent_id: r.agentId,
          team_id: 'T01',
          started_at: Date.parse(r.startedAt),
          machine_score: 90,
          reviewed_score: r.reviewedScore,
          fatal: false,
          decisions: r.decisions.map((d) => ({ rule_id: d.ruleId, verdict: d.verdict, deduction: 5, comment: d.comment ?? '' })),
          comment: '',
          reviewed_at: Date.parse(r.reviewedAt),
        },
      ],
    })
  }

  async function appeal(appealId: string, callId: string, ruleId: string, status: 'open' | 'upheld' | 'rejected', updatedAt: string): Promise<void> {
    await raw.insert({
      table: '{db:Identifier}.appeals',
      format: 'JSONEachRow',
      query_params: { db: 'callqa' },
      values: [
        {
          appeal_id: appealId,
          call_id: callId,
          rule_id: ruleId,
          agent_id: 'A1',
          team_id: 'T01',
          started_at: Date.parse('2026-10-05T09:00:00+08:00'),
          reviewer: 'qa-li',
          reason: '客户先说的喂',
          filed_by: 'A1',
          filed_at: Date.parse('2026-11-03T01:00:00Z'),
          status,
          decided_by: status === 'open' ? '' : 'sup-wang',
          decision_comment: '',
          decided_at: status === 'open' ? null : Date.parse(updatedAt),
          updated_at: Date.parse(updatedAt),
        },
      ],
    })
  }

  const compute = async (month: string): Promise<Settlement> => settle({ month, policy, policyDigest: house.digest, ...(await store.settlementInputs(month)) })

  beforeAll(async () => {
    store = await openStore(config)
    raw = openClickHouse(config)
    await store.saveScored([
      scored('S-1', 'A1', '2026-10-01T09:00:00+08:00', [fail('greeting', 'minor', '喂')], 95),
      scored('S-2', 'A1', '2026-10-05T09:00:00+08:00', [fail('greeting', 'minor', '喂？'), fail('closing', 'minor', '')], 90),
      scored('S-3', 'A1', '2026-10-10T09:00:00+08:00', [fail('greeting', 'minor', '喂喂')], 95),
      scored('S-4', 'A1', '2026-10-31T23:30:00+08:00', [fail('greeting', 'minor', '喂…')], 95),
      scored('S-5', 'A1', '2026-11-01T00:10:00+08:00', [fail('greeting', 'minor', '喂。')], 95),
      scored('S-6', 'A2', '2026-10-12T09:00:00+08:00', [fail('forbidden-phrase', 'fatal', '有病')], 0),
      scored('S-7', 'A2', '2026-10-13T09:00:00+08:00', [fail('greeting', 'minor', '喂')], 95),
      scored('S-8', 'A2', '2026-10-14T09:00:00+08:00', [], 100),
    ])
    const qa = (callId: string, agentId: string, startedAt: string, decisions: Review['decisions'], extra: Partial<Review> = {}) =>
      review({ callId, agentId, startedAt, reviewer: 'qa-li', reviewedAt: '2026-11-02T02:00:00Z', reviewedScore: 95, decisions, ...extra })
    // S-1: first confirmed by qa-li, then overturned by qa-zhao's newer review: the newest review is the one of record.
    await qa('S-1', 'A1', '2026-10-01T09:00:00+08:00', [{ ruleId: 'greeting', verdict: 'confirmed' }])
    await qa('S-1', 'A1', '2026-10-01T09:00:00+08:00', [{ ruleId: 'greeting', verdict: 'overturned', comment: '客户先开口' }], {
      reviewer: 'qa-zhao',
      reviewedAt: '2026-11-02T03:00:00Z',
      reviewedScore: 100,
    })
    await qa('S-2', 'A1', '2026-10-05T09:00:00+08:00', [
      { ruleId: 'greeting', verdict: 'confirmed' },
      { ruleId: 'closing', verdict: 'confirmed' },
    ])
    await qa('S-3', 'A1', '2026-10-10T09:00:00+08:00', [{ ruleId: 'greeting', verdict: 'confirmed' }])
    await qa('S-4', 'A1', '2026-10-31T23:30:00+08:00', [{ ruleId: 'greeting', verdict: 'confirmed' }])
    await qa('S-5', 'A1', '2026-11-01T00:10:00+08:00', [{ ruleId: 'greeting', verdict: 'confirmed' }])
    await qa('S-6', 'A2', '2026-10-12T09:00:00+08:00', [{ ruleId: 'forbidden-phrase', verdict: 'confirmed' }], { reviewedScore: 0 })
    // A calibration review never counts, and S-7 has no qa review: the machine's failure alone fines nobody.
    await qa('S-7', 'A2', '2026-10-13T09:00:00+08:00', [{ ruleId: 'greeting', verdict: 'confirmed' }], { kind: 'calibration' })
    // S-2 greeting: appealed, rejected. S-3 greeting: appealed, first open, then upheld.
    await appeal('AP-1', 'S-2', 'greeting', 'open', '2026-11-03T01:00:00Z')
    await appeal('AP-1', 'S-2', 'greeting', 'rejected', '2026-11-04T01:00:00Z')
    await appeal('AP-2', 'S-3', 'greeting', 'open', '2026-11-03T01:00:00Z')
    await appeal('AP-2', 'S-3', 'greeting', 'upheld', '2026-11-04T01:00:00Z')
    await store.saveSettlementEvents([
      { event: { eventId: 'EV-1', kind: 'complaint', agentId: 'A2', teamId: 'T01', occurredAt: '2026-10-20T10:00:00+08:00', callId: 'S-8', note: '态度差', recordedBy: 'sup-wang' }, withdrawn: false },
      { event: { eventId: 'EV-2', kind: 'praise', agentId: 'A1', teamId: 'T01', occurredAt: '2026-10-21T10:00:00+08:00', callId: '', note: '表扬', recordedBy: 'sup-wang' }, withdrawn: false },
      { event: { eventId: 'EV-3', kind: 'praise', agentId: 'A1', teamId: 'T01', occurredAt: '2026-10-22T10:00:00+08:00', callId: '', note: '记错了', recordedBy: 'sup-wang' }, withdrawn: false },
    ])
    // Withdrawn by a newer row.
    await store.saveSettlementEvents([
      { event: { eventId: 'EV-3', kind: 'praise', agentId: 'A1', teamId: 'T01', occurredAt: '2026-10-22T10:00:00+08:00', callId: '', note: '记错了', recordedBy: 'sup-wang' }, withdrawn: true },
    ])
  })

  afterAll(async () => {
    await raw.close()
    await store.close()
  })

  test('reads the reviews of record, appeals, rule results, scores and events of the month', async () => {
    const inputs = await store.settlementInputs('2026-10')
    expect(inputs.violations.map((v) => [v.callId, v.ruleId, v.verdict, v.reviewer, v.appeals.map((a) => a.status).join()])).toEqual([
      ['S-1', 'greeting', 'overturned', 'qa-zhao', ''],
      ['S-2', 'closing', 'confirmed', 'qa-li', ''],
      ['S-2', 'greeting', 'confirmed', 'qa-li', 'rejected'],
      ['S-3', 'greeting', 'confirmed', 'qa-li', 'upheld'],
      ['S-6', 'forbidden-phrase', 'confirmed', 'qa-li', ''],
      ['S-4', 'greeting', 'confirmed', 'qa-li', ''],
    ])
    const s2 = inputs.violations.find((v) => v.callId === 'S-2' && v.ruleId === 'greeting')!
    expect(s2).toMatchObject({ agentName: '张三', startedAt: expect.stringMatching(/^2026-10-05T09:00:00(\.0+)?\+08:00$/) })
    expect(s2.ruleResult).toEqual({ severity: 'minor', deduction: 5, evidence: [{ startMs: 0, endMs: 3000, speaker: 'agent', text: '喂？', note: 'greeting failed' }] })
    // A1's October: S-1 reviewed 100, S-2 and S-4 reviewed 95, S-3 reviewed 95 but its only deduction's appeal was upheld
    // → 100: 97.5; A2: S-6 reviewed 0, S-7 and S-8 machine 95 and 100.
    expect(inputs.agents).toEqual([
      { agentId: 'A1', agentName: '张三', teamId: 'T01', calls: 4, reviewedCalls: 4, averageScore: 97.5, unreviewedFatalCalls: [] },
      { agentId: 'A2', agentName: '李四', teamId: 'T01', calls: 3, reviewedCalls: 1, averageScore: 65, unreviewedFatalCalls: [] },
    ])
    expect(inputs.events.map((e) => e.eventId)).toEqual(['EV-1', 'EV-2'])
  })

  test('settles only confirmed violations, by Beijing-time month, and traces each line', async () => {
    const s = await compute('2026-10')
    const a1 = s.agents.find((a) => a.agentId === 'A1')!
    // S-1 overturned, S-3 appeal upheld, S-5 is November: greeting #1 is S-2 (5), #2 is S-4 (10); closing #1 on S-2.
    expect(a1.lines.map((l) => [l.kind, l.violations.map((v) => `${v.callId}/${v.ruleId}`).join(), l.amount])).toEqual([
      ['violation', 'S-2/closing', 5],
      ['violation', 'S-2/greeting', 5],
      ['violation', 'S-4/greeting', 10],
      ['praise', '', 20],
      ['score-reward', '', 100],
    ])
    expect(a1.excluded.map((e) => [e.violation.callId, e.reason])).toEqual([
      ['S-1', 'overturned'],
      ['S-3', 'appeal-upheld'],
    ])
    const a2 = s.agents.find((a) => a.agentId === 'A2')!
    expect(a2.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['violation', 50],
      ['complaint', 10],
    ])
    expect(s.agents.find((a) => a.agentId === 'L01')!.lines.map((l) => [l.kind, l.ofAgentId, l.amount])).toEqual([
      ['lead-fatal', 'A2', 20],
      ['lead-complaint', 'A2', 20],
    ])
    expect(s.totals).toEqual({ agents: 3, fines: 120, rewards: 120, net: 0 })
    const november = await compute('2026-11')
    expect(november.agents.find((a) => a.agentId === 'A1')!.lines.map((l) => [l.violations[0]!.callId, l.basis!.nth, l.amount])).toEqual([['S-5', 1, 5]])
  })

  test('a signed version never changes; a correction is the next version, signed again', async () => {
    const first = await store.saveSettlement(await compute('2026-10'), 'sup-wang')
    expect(first).toMatchObject({ month: '2026-10', version: 1, status: 'draft', signedBy: null })
    const signed = await store.signSettlement('2026-10', 1, 'sup-wang', first.digest)
    expect(signed).toMatchObject({ version: 1, status: 'signed', signedBy: 'sup-wang', digest: first.digest })

    await expect(store.signSettlement('2026-10', 1, 'sup-zhou')).rejects.toThrow(SettlementStateError)
    await expect(store.signSettlement('2026-10', 1, 'sup-zhou')).rejects.toThrow(/was signed by sup-wang .* can no longer change/)
    await expect(store.signSettlement('2026-10', 7, 'sup-zhou')).rejects.toThrow(/has no version 7/)

    // An appeal decided after signing: S-2 greeting upheld after all. Version 1 stays as signed.
    await appeal('AP-1', 'S-2', 'greeting', 'upheld', '2026-11-25T01:00:00Z')
    const corrected = await compute('2026-10')
    expect(corrected.agents.find((a) => a.agentId === 'A1')!.lines.filter((l) => l.kind === 'violation').map((l) => [l.violations[0]!.callId, l.amount])).toEqual([
      ['S-2', 5],
      ['S-4', 5],
    ])
    const second = await store.saveSettlement(corrected, 'sup-wang')
    expect(second).toMatchObject({ version: 2, status: 'draft' })
    expect(second.digest).not.toBe(first.digest)

    const v1 = await store.settlementVersion('2026-10', 1)
    expect(v1).toEqual(signed)
    expect(v1!.settlement).toEqual(first.settlement)
    // Only the newest version can be signed, and only as it was shown.
    const draft1Again = await store.saveSettlement(first.settlement, 'sup-wang')
    expect(draft1Again.version).toBe(3)
    await expect(store.signSettlement('2026-10', 2, 'sup-wang')).rejects.toThrow(/not the newest \(3\)/)
    await expect(store.signSettlement('2026-10', 3, 'sup-wang', second.digest)).rejects.toThrow(/not the one shown/)
    await store.signSettlement('2026-10', 3, 'sup-zhou', draft1Again.digest)

    const versions = await store.settlementVersions('2026-10')
    expect(versions.map((v) => [v.version, v.status, v.signedBy])).toEqual([
      [3, 'signed', 'sup-zhou'],
      [2, 'draft', null],
      [1, 'signed', 'sup-wang'],
    ])
    expect((await store.settlementVersions()).map((v) => `${v.month}/${v.version}`)).toEqual(['2026-10/3', '2026-10/2', '2026-10/1'])

    const audit = (await store.auditLog({ limit: 50 })).entries.filter((e) => e.action === 'settlement.sign')
    expect(audit.map((e) => [e.actor, e.target]).sort()).toEqual([
      ['sup-wang', 'settlement:2026-10:v1'],
      ['sup-zhou', 'settlement:2026-10:v3'],
    ])
    expect(JSON.parse(audit.find((e) => e.target.endsWith('v1'))!.after)).toMatchObject({ status: 'signed', digest: first.digest })
  })

  test('exports a saved version as CSV and XLSX that hold its lines', async () => {
    const saved = (await store.settlementVersion('2026-10', 1))!
    const csv = settlementCsv(saved.settlement, 'zh', saved)
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const rows = parseCsv(csv.slice(1)).filter((r) => r.length > 1)
    const lineCount = saved.settlement.agents.reduce((n, a) => n + a.lines.length, 0)
    expect(rows).toHaveLength(1 + lineCount)
    expect(rows).toContainEqual(['T01', 'A1', '张三', '违规罚款', '标准开场白 第2次', 'S-4', '标准开场白', 'qa-li', '[0:00] “喂…” greeting failed', '', '10', ''])
    expect(rows).toContainEqual(['T01', 'A1', '张三', '违规罚款', '标准开场白 第1次', 'S-2', '标准开场白', 'qa-li', '[0:00] “喂？” greeting failed', '申诉已驳回', '5', ''])

    const book = new ExcelJS.Workbook()
    await book.xlsx.load(arrayBuffer(await settlementXlsx(saved.settlement, 'zh', saved)))
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '明细', '说明'])
    const values = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().slice(1).map((r) => (r as ExcelJS.CellValue[]).slice(1))
    const lines = values(book.getWorksheet('明细')!)
    expect(lines).toHaveLength(1 + lineCount)
    expect(lines[0]![0]).toBe('团队')
    expect(lines).toContainEqual(['T01', 'A1', '张三', '违规罚款', '标准开场白 第2次', 'S-4', '标准开场白', 'qa-li', '[0:00] “喂…” greeting failed', '', 10])
    const summary = values(book.getWorksheet('汇总')!)
    expect(summary.at(-1)).toEqual(['合计', '', '', undefined, undefined, undefined, undefined, undefined, undefined, 120, 120, 0])
    const info = values(book.getWorksheet('说明')!)
    // Signed when the test ran, shown in Beijing time.
    expect(info).toContainEqual(['状态', `已签署：sup-wang，${shanghaiTime(saved.signedAt!)}`])
    expect(shanghaiTime(saved.signedAt!)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(info).toContainEqual(['内容摘要', saved.digest])
  })
})

describe('callqa settle (the built CLI)', () => {
  const CLI = join(process.cwd(), 'dist', 'services', 'cli', 'main.js')
  const env = { ...process.env, CALLQA_DATA_DIR: join(root, 'cli-data'), CALLQA_LANG: 'en', CLICKHOUSE_URL: '' }
  const callqa = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  test('imports complaints, settles, saves, and exports a saved version', async () => {
    const events = join(root, 'events.csv')
    writeFileSync(events, 'kind,agentId,teamId,occurredAt,note\n投诉,A9,T09,2026-10-31 23:30,态度差\n投诉,A9,T09,2026-11-01 00:10,下个月\nbogus,A9,T09,2026-10-02,\n')
    const imported = callqa(['settle', 'events', 'import', events])
    expect(imported.code).toBe(2)
    expect(imported.stderr).toMatch(/rejected: .*events\.csv:4: kind: /)
    expect(imported.stderr).toMatch(/imported 2 complaint\/praise records, rejected 1 rows/)
    expect(callqa(['settle', 'events', 'import', events]).code).toBe(2) // idempotent: the same two events again

    const json = callqa(['settle', '--month', '2026-10', '--format', 'json'])
    expect(json.code).toBe(0)
    const s = JSON.parse(json.stdout) as Settlement
    expect(s.agents.map((a) => [a.agentId, a.lines.map((l) => `${l.kind}:${l.amount}`).join()])).toEqual([['A9', 'complaint:10']])
    expect(s.teamsWithoutLeads).toEqual(['T09'])

    const saved = callqa(['settle', '--month', '2026-10', '--save', '--format', 'table'])
    expect(saved.code).toBe(0)
    expect(saved.stderr).toMatch(/saved version 1 of the 2026-10 settlement \(a draft\)/)
    expect(saved.stdout).toMatch(/complaint fine/)

    const xlsx = join(root, 'oct.xlsx')
    expect(callqa(['settle', '--month', '2026-10', '--version', '1', '--format', 'xlsx', '--out', xlsx]).code).toBe(0)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(arrayBuffer(readFileSync(xlsx)))
    expect(book.getWorksheet('Lines')!.getRow(2).getCell(4).value).toBe('complaint fine')

    const html = callqa(['settle', '--month', '2026-10', '--version', '1', '--format', 'html', '--lang', 'zh'])
    expect(html.stdout).toMatch(/<title>2026年10月 质检奖惩结算 第 1 版<\/title>/)
    expect(html.stdout).toContain('草稿（未签署）')

    expect(callqa(['settle', '--month', '2026-10', '--format', 'xlsx']).stderr).toMatch(/--format xlsx needs --out/)
    expect(callqa(['settle', '--month', '2026-13']).stderr).toMatch(/--month like 2026-10/)
    expect(callqa(['settle', '--month', '2026-10', '--version', '4']).stderr).toMatch(/has no settlement version 4/)
  })
})
