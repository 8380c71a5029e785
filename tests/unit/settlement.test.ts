import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SettlementPolicy } from '../../pipelines/contracts/settlement-policy.js'
import type { AgentMonth, ReviewedViolation, Settlement, SettlementEvent } from '../../pipelines/contracts/settlement.js'
import { mergeYaml } from '../../pipelines/contracts/yaml-file.js'
import { settlementHtml } from '../../pipelines/settlement/print.js'
import { monthOf, settle } from '../../pipelines/settlement/settle.js'
import { parseCsv } from '../../services/lib/csv.js'
import { readEventsCsv } from '../../services/lib/settlement/events-file.js'
import { settlementCsv } from '../../services/lib/settlement/export.js'
import { loadSettlementPolicy, PolicyError } from '../../services/lib/settlement/policy.js'

const dir = mkdtempSync(join(tmpdir(), 'callqa-settle-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const house = loadSettlementPolicy()

/** The house default with `patch` merged over it the way a centre's `extends: default` file is. */
function policy(patch: Record<string, unknown> = {}): SettlementPolicy {
  return SettlementPolicy.parse(mergeYaml(house.policy, patch))
}

let seq = 0
function violation(fields: Partial<ReviewedViolation> & { startedAt: string }): ReviewedViolation {
  seq++
  return {
    callId: `C${String(seq).padStart(4, '0')}`,
    agentId: 'A1001',
    agentName: '张三',
    teamId: 'T01',
    ruleId: 'greeting',
    verdict: 'confirmed',
    reviewer: 'qa-li',
    reviewedAt: '2026-11-02T02:00:00Z',
    comment: '',
    rulesetId: 'default',
    rulesetVersion: 1,
    ruleResult: { severity: 'minor', deduction: 5, evidence: [{ startMs: 0, endMs: 3200, speaker: 'agent', text: '喂，你好', note: 'no company name' }] },
    appeals: [],
    ...fields,
  }
}

function event(fields: Partial<SettlementEvent> & Pick<SettlementEvent, 'kind' | 'occurredAt'>): SettlementEvent {
  seq++
  return { eventId: `E${seq}`, agentId: 'A1001', teamId: 'T01', callId: '', note: '', recordedBy: 'sup-wang', ...fields }
}

function run(opts: { month?: string; violations?: ReviewedViolation[]; events?: SettlementEvent[]; agents?: AgentMonth[]; policy?: SettlementPolicy }): Settlement {
  return settle({
    month: opts.month ?? '2026-10',
    policy: opts.policy ?? house.policy,
    policyDigest: house.digest,
    violations: opts.violations ?? [],
    events: opts.events ?? [],
    agents: opts.agents ?? [],
  })
}

const agentOf = (s: Settlement, id: string) => s.agents.find((a) => a.agentId === id)!
const amounts = (s: Settlement, id: string, kind?: string) =>
  agentOf(s, id)
    .lines.filter((l) => kind === undefined || l.kind === kind)
    .map((l) => l.amount)

describe('the default policy', () => {
  it("carries RULES.md's numbers", () => {
    const p = house.policy
    expect(p.fines.default).toEqual({ ladder: [5, 10, 50], capPerMonth: 100 })
    expect(p.fines.categories.attitude).toMatchObject({ rules: ['forbidden-phrase', 'polite-words'], ladder: [5, 10, 20] })
    expect(p.complaints).toEqual({ perComplaint: 10, monthly: { count: 3, fine: 50 } })
    expect(p.teamLeads).toMatchObject({ perComplaint: 20 })
    expect(p.rewards.score).toMatchObject({ minAverage: 95, noFatal: true })
    expect(house.digest).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('fines for confirmed violations', () => {
  it('escalate 5 / 10 / 50 with the n-th violation of the same rule in the month, ordered by call start, then cap', () => {
    const times = ['2026-10-03T09:00:00+08:00', '2026-10-01T09:00:00+08:00', '2026-10-20T09:00:00+08:00', '2026-10-05T09:00:00+08:00', '2026-10-25T09:00:00+08:00']
    const vs = times.map((startedAt) => violation({ startedAt }))
    const s = run({ violations: vs })
    const lines = agentOf(s, 'A1001').lines
    // By start time: 10-01, 10-03, 10-05, 10-20, 10-25; the cap of 100 cuts the 4th (50 → 35) and the 5th (→ 0).
    expect(lines.map((l) => [l.violations[0]!.startedAt, l.basis!.nth, l.amount, l.basis!.capped])).toEqual([
      ['2026-10-01T09:00:00+08:00', 1, 5, false],
      ['2026-10-03T09:00:00+08:00', 2, 10, false],
      ['2026-10-05T09:00:00+08:00', 3, 50, false],
      ['2026-10-20T09:00:00+08:00', 4, 35, true],
      ['2026-10-25T09:00:00+08:00', 5, 0, true],
    ])
    expect(lines[3]!.basis!.ladderAmount).toBe(50)
    expect(agentOf(s, 'A1001')).toMatchObject({ fines: 100, rewards: 0, net: -100, confirmedViolations: 5 })
    // Same inputs in another order: the same settlement.
    expect(run({ violations: [...vs].reverse() })).toEqual(s)
  })

  it('breaks a tie in start time by call id, so the n-th is deterministic', () => {
    const at = '2026-10-08T10:00:00+08:00'
    const s = run({ violations: [violation({ startedAt: at, callId: 'C-B' }), violation({ startedAt: at, callId: 'C-A' })] })
    expect(agentOf(s, 'A1001').lines.map((l) => [l.violations[0]!.callId, l.amount])).toEqual([
      ['C-A', 5],
      ['C-B', 10],
    ])
  })

  it('counts each rule on its own ladder, a category across its rules, and each agent apart', () => {
    const s = run({
      violations: [
        violation({ startedAt: '2026-10-01T09:00:00+08:00', ruleId: 'greeting' }),
        violation({ startedAt: '2026-10-02T09:00:00+08:00', ruleId: 'closing' }),
        violation({ startedAt: '2026-10-03T09:00:00+08:00', ruleId: 'forbidden-phrase' }),
        violation({ startedAt: '2026-10-04T09:00:00+08:00', ruleId: 'polite-words' }),
        violation({ startedAt: '2026-10-05T09:00:00+08:00', ruleId: 'forbidden-phrase' }),
        violation({ startedAt: '2026-10-05T10:00:00+08:00', ruleId: 'greeting', agentId: 'A1002', agentName: '李四' }),
      ],
    })
    expect(agentOf(s, 'A1001').lines.map((l) => [l.basis!.scale, l.basis!.key, l.basis!.nth, l.amount])).toEqual([
      ['default', 'greeting', 1, 5],
      ['default', 'closing', 1, 5],
      ['category', 'attitude', 1, 5],
      ['category', 'attitude', 2, 10],
      ['category', 'attitude', 3, 20],
    ])
    expect(amounts(s, 'A1002')).toEqual([5])
  })

  it("uses a rule's own scale over the default", () => {
    const p = policy({ fines: { rules: { 'answer-speed': { ladder: [2, 4] } } } })
    const vs = ['01', '02', '03'].map((d) => violation({ startedAt: `2026-10-${d}T09:00:00+08:00`, ruleId: 'answer-speed' }))
    expect(amounts(run({ violations: vs, policy: p }), 'A1001')).toEqual([2, 4, 4])
  })

  it('counts a call by its start in Beijing time: 23:30 on 31 October is October, 00:10 on 1 November is November', () => {
    const late = violation({ startedAt: '2026-10-31T23:30:00+08:00', callId: 'C-LATE' })
    // 00:10 Beijing time on 1 November is still 31 October in UTC.
    const early = violation({ startedAt: '2026-10-31T16:10:00Z', callId: 'C-EARLY' })
    const first = violation({ startedAt: '2026-10-02T09:00:00+08:00', callId: 'C-FIRST' })
    expect(monthOf(early.startedAt)).toBe('2026-11')
    const october = run({ violations: [first, late, early] })
    expect(agentOf(october, 'A1001').lines.map((l) => [l.violations[0]!.callId, l.amount])).toEqual([
      ['C-FIRST', 5],
      ['C-LATE', 10],
    ])
    // November starts its own ladder.
    const november = run({ month: '2026-11', violations: [first, late, early] })
    expect(agentOf(november, 'A1001').lines.map((l) => [l.violations[0]!.callId, l.basis!.nth, l.amount])).toEqual([['C-EARLY', 1, 5]])
  })

  it('does not count an overturned violation or one whose appeal was upheld; a rejected or open appeal still counts', () => {
    const s = run({
      violations: [
        violation({ startedAt: '2026-10-01T09:00:00+08:00', callId: 'C-OVER', verdict: 'overturned', comment: 'customer greeted first' }),
        violation({ startedAt: '2026-10-02T09:00:00+08:00', callId: 'C-UPHELD', appeals: [{ appealId: 'AP1', status: 'upheld' }] }),
        violation({
          startedAt: '2026-10-03T09:00:00+08:00',
          callId: 'C-REJECTED',
          appeals: [
            { appealId: 'AP2', status: 'rejected' },
            { appealId: 'AP3', status: 'open' },
          ],
        }),
        violation({ startedAt: '2026-10-04T09:00:00+08:00', callId: 'C-OPEN', appeals: [{ appealId: 'AP4', status: 'open' }] }),
        violation({ startedAt: '2026-10-05T09:00:00+08:00', callId: 'C-BOTH', appeals: [{ appealId: 'AP5', status: 'rejected' }, { appealId: 'AP6', status: 'upheld' }] }),
      ],
    })
    const a = agentOf(s, 'A1001')
    // The uncounted ones take no step of the ladder: the rejected appeal's call is the 1st.
    expect(a.lines.map((l) => [l.violations[0]!.callId, l.basis!.nth, l.amount])).toEqual([
      ['C-REJECTED', 1, 5],
      ['C-OPEN', 2, 10],
    ])
    expect(a.lines[0]!.violations[0]!.appeals).toEqual([
      { appealId: 'AP2', status: 'rejected' },
      { appealId: 'AP3', status: 'open' },
    ])
    expect(a.excluded.map((e) => [e.violation.callId, e.reason])).toEqual([
      ['C-OVER', 'overturned'],
      ['C-UPHELD', 'appeal-upheld'],
      ['C-BOTH', 'appeal-upheld'],
    ])
    expect(a).toMatchObject({ confirmedViolations: 2, fines: 15 })
  })

  it('traces every fine to its call, rule, reviewer, scorecard version and evidence', () => {
    const v = violation({ startedAt: '2026-10-09T11:00:00+08:00', callId: 'C-TRACE', reviewer: 'qa-zhao', rulesetVersion: 3, comment: '确认' })
    const [line] = agentOf(run({ violations: [v] }), 'A1001').lines
    expect(line!.violations).toEqual([
      {
        callId: 'C-TRACE',
        agentId: 'A1001',
        startedAt: '2026-10-09T11:00:00+08:00',
        ruleId: 'greeting',
        reviewer: 'qa-zhao',
        reviewedAt: v.reviewedAt,
        comment: '确认',
        rulesetId: 'default',
        rulesetVersion: 3,
        ruleResult: v.ruleResult,
        appeals: [],
      },
    ])
  })
})

describe('fatal violations and team leads', () => {
  const teams = { teams: { T01: { name: '一组', leads: ['L01'] }, T02: { leads: ['A2001'] } } }
  const fatal = (fields: Partial<ReviewedViolation> & { startedAt: string }) =>
    violation({ ruleId: 'forbidden-phrase', ruleResult: { severity: 'fatal', deduction: 100, evidence: [{ note: 'fatal phrase', text: '有病' }] }, ...fields })

  it('fines a fatal violation on the fatal scale and charges each lead of the team per fatal violation', () => {
    const s = run({
      policy: policy(teams),
      violations: [fatal({ startedAt: '2026-10-01T09:00:00+08:00', callId: 'C-F1' }), fatal({ startedAt: '2026-10-02T09:00:00+08:00', callId: 'C-F2' })],
    })
    expect(agentOf(s, 'A1001').lines.map((l) => [l.basis!.scale, l.basis!.nth, l.amount])).toEqual([
      ['fatal', 1, 50],
      ['fatal', 2, 100],
    ])
    expect(agentOf(s, 'A1001').fatalViolations).toBe(2)
    const lead = agentOf(s, 'L01')
    expect(lead.lines.map((l) => [l.kind, l.amount, l.ofAgentId, l.violations[0]!.callId])).toEqual([
      ['lead-fatal', 20, 'A1001', 'C-F1'],
      ['lead-fatal', 20, 'A1001', 'C-F2'],
    ])
    expect(lead).toMatchObject({ teamId: 'T01', fines: 40, calls: 0 })
  })

  it('does not charge a lead for their own violation, and names teams with liability but no leads', () => {
    const s = run({
      policy: policy(teams),
      violations: [fatal({ startedAt: '2026-10-01T09:00:00+08:00', agentId: 'A2001', teamId: 'T02' }), fatal({ startedAt: '2026-10-01T10:00:00+08:00', agentId: 'A3001', teamId: 'T03' })],
    })
    expect(amounts(s, 'A2001')).toEqual([50])
    expect(s.agents.map((a) => a.agentId)).toEqual(['A2001', 'A3001'])
    expect(s.teamsWithoutLeads).toEqual(['T03'])
  })

  it("charges a lead a share of the team's fines when the policy says so", () => {
    const s = run({
      policy: policy({ ...teams, teamLeads: { shareOfFines: 0.25, perFatalViolation: 0 } }),
      violations: [
        violation({ startedAt: '2026-10-01T09:00:00+08:00' }),
        violation({ startedAt: '2026-10-02T09:00:00+08:00' }),
        violation({ startedAt: '2026-10-03T09:00:00+08:00', agentId: 'A1003' }),
      ],
    })
    // A1001 pays 5 + 10 → the lead 3.75; A1003 pays 5 → 1.25.
    expect(agentOf(s, 'L01').lines.map((l) => [l.kind, l.ofAgentId, l.amount, l.violations.length])).toEqual([
      ['lead-share', 'A1001', 3.75, 2],
      ['lead-share', 'A1003', 1.25, 1],
    ])
  })
})

describe('complaints', () => {
  it('fines 10 per complaint and 50 more at the third in a month, and the team lead 20 per complaint', () => {
    const complaints = ['01', '09', '17'].map((d) => event({ kind: 'complaint', occurredAt: `2026-10-${d}T15:00:00+08:00`, note: '态度差' }))
    const next = event({ kind: 'complaint', occurredAt: '2026-11-01T00:05:00+08:00' })
    const s = run({ policy: policy({ teams: { T01: { leads: ['L01'] } } }), events: [...complaints, next] })
    expect(agentOf(s, 'A1001').lines.map((l) => [l.kind, l.amount, l.events.length])).toEqual([
      ['complaint', 10, 1],
      ['complaint', 10, 1],
      ['complaint', 10, 1],
      ['complaint-monthly', 50, 3],
    ])
    expect(amounts(s, 'L01', 'lead-complaint')).toEqual([20, 20, 20])
    expect(s.totals).toEqual({ agents: 2, fines: 140, rewards: 0, net: -140 })
  })

  it('does not add the monthly fine below the count', () => {
    const s = run({ events: [event({ kind: 'complaint', occurredAt: '2026-10-01T15:00:00+08:00' }), event({ kind: 'complaint', occurredAt: '2026-10-02T15:00:00+08:00' })] })
    expect(amounts(s, 'A1001')).toEqual([10, 10])
  })
})

describe('rewards', () => {
  const month = (fields: Partial<AgentMonth>): AgentMonth => ({ agentId: 'A1001', agentName: '张三', teamId: 'T01', calls: 25, reviewedCalls: 5, averageScore: 96, ...fields })

  it('rewards a month averaging 95 or more over enough calls, without a confirmed fatal violation', () => {
    const s = run({
      agents: [month({}), month({ agentId: 'A1002', averageScore: 94.9 }), month({ agentId: 'A1003', calls: 19 }), month({ agentId: 'A1004' }), month({ agentId: 'A1005', averageScore: null, calls: 0 })],
      violations: [violation({ startedAt: '2026-10-01T09:00:00+08:00', agentId: 'A1004', ruleResult: { severity: 'fatal', deduction: 100, evidence: [] } })],
    })
    expect(agentOf(s, 'A1001').lines).toEqual([{ kind: 'score-reward', effect: 'reward', amount: 100, score: { averageScore: 96, calls: 25 }, violations: [], events: [] }])
    expect(amounts(s, 'A1002')).toEqual([])
    expect(amounts(s, 'A1003')).toEqual([])
    expect(amounts(s, 'A1004', 'score-reward')).toEqual([])
    expect(amounts(s, 'A1005')).toEqual([])
    expect(agentOf(s, 'A1001')).toMatchObject({ rewards: 100, fines: 0, net: 100 })
  })

  it('still rewards a fatal month when the policy does not require none, and an overturned fatal never blocks it', () => {
    const fatalOverturned = violation({ startedAt: '2026-10-01T09:00:00+08:00', verdict: 'overturned', ruleResult: { severity: 'fatal', deduction: 100, evidence: [] } })
    expect(amounts(run({ agents: [month({})], violations: [fatalOverturned] }), 'A1001')).toEqual([100])
  })

  it('pays 20 per praise up to 100 a month', () => {
    const praise = ['01', '02', '03', '04', '05', '06'].map((d) => event({ kind: 'praise', occurredAt: `2026-10-${d}T10:00:00+08:00`, callId: `C-P${d}` }))
    const s = run({ events: praise })
    expect(amounts(s, 'A1001', 'praise')).toEqual([20, 20, 20, 20, 20, 0])
    expect(agentOf(s, 'A1001')).toMatchObject({ rewards: 100, net: 100 })
  })
})

describe('policy files', () => {
  const file = (name: string, lines: string[]) => {
    const path = join(dir, name)
    writeFileSync(path, `${lines.join('\n')}\n`)
    return path
  }
  const problems = (path: string) => {
    try {
      loadSettlementPolicy(path)
    } catch (err) {
      if (err instanceof PolicyError) return err.problems
      throw err
    }
    throw new Error(`${path} loaded`)
  }

  it('merges a centre file over the default', () => {
    const { policy: p } = loadSettlementPolicy(file('acme.yaml', ['extends: default', 'id: acme', 'version: 2', 'teams:', '  T01: { leads: [L01] }', 'rewards:', '  score: { minAverage: 97 }']))
    expect(p).toMatchObject({ id: 'acme', version: 2, teams: { T01: { leads: ['L01'] } }, rewards: { score: { minAverage: 97, minCalls: 20, amount: 100 } } })
  })

  it('names an unknown rule id with its line', () => {
    const [p] = problems(file('bad-rule.yaml', ['extends: default', 'id: acme', 'version: 2', 'fines:', '  rules:', '    greetng: { ladder: [1] }']))
    expect(p).toEqual({ path: '$.fines.rules.greetng', message: expect.stringMatching(/^unknown rule id "greetng".*\(line 6\)$/) })
  })

  it('refuses a rule on two scales, and an amount finer than a fen', () => {
    const ps = problems(
      file('two.yaml', ['extends: default', 'id: acme', 'version: 2', 'fines:', '  rules:', '    polite-words: { ladder: [1.005] }']),
    )
    expect(ps.map((p) => p.path)).toEqual(['$.fines.rules.polite-words.ladder[0]', '$.fines.categories.attitude.rules[1]'])
    expect(ps[1]!.message).toMatch(/polite-words is already on the scale of fines.rules.polite-words/)
  })
})

describe('exports', () => {
  const s = run({
    violations: [
      violation({ startedAt: '2026-10-01T09:00:00+08:00', callId: 'C-X1', agentName: '<b>王五</b>', comment: '不是"您好"' }),
      violation({ startedAt: '2026-10-01T10:00:00+08:00', callId: 'C-X2', agentId: 'A1009', agentName: '=1+2' }),
    ],
    events: [event({ kind: 'praise', occurredAt: '2026-10-02T10:00:00+08:00', note: '客户来电表扬, "耐心"' })],
  })

  it('writes CSV with a BOM, one row per line, quoting and formula-proofing text', () => {
    const csv = settlementCsv(s, 'zh')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const rows = parseCsv(csv.slice(1)).filter((r) => r.length > 1)
    expect(rows[0]).toEqual(['团队', '坐席', '姓名', '项目', '依据', '通话', '规则', '质检员', '证据', '申诉', '罚款(元)', '奖励(元)'])
    expect(rows.slice(1)).toEqual([
      ['T01', 'A1001', '<b>王五</b>', '违规罚款', '标准开场白 第1次', 'C-X1', '标准开场白', 'qa-li', '[0:00] “喂，你好” no company name；不是"您好"', '', '5', ''],
      ['T01', 'A1001', '<b>王五</b>', '客户表扬奖励', '2026-10-02 10:00 客户来电表扬, "耐心"', '', '', '', '', '', '', '20'],
      ['T01', 'A1009', "'=1+2", '违规罚款', '标准开场白 第1次', 'C-X2', '标准开场白', 'qa-li', '[0:00] “喂，你好” no company name', '', '5', ''],
    ])
  })

  it('prints a self-contained page with the text escaped', () => {
    const html = settlementHtml(s, 'en')
    expect(html).toMatch(/^<!DOCTYPE html>/)
    expect(html).toContain('@page')
    expect(html).not.toContain('<b>王五</b>')
    expect(html).toContain('&lt;b&gt;王五&lt;/b&gt;')
    expect(html).toContain('trial run (not saved)')
    expect(html).not.toMatch(/<script|<link/)
  })
})

describe('events CSV', () => {
  it('accepts Beijing local times and Chinese kinds, derives stable ids, and rejects bad rows with file and line', () => {
    const text = '\uFEFFkind,agentId,occurredAt,note\n投诉,A1001,2026-10-31 23:30,态度差\npraise,A1002,2026-10-12T10:00:00Z,\nfeedback,A1001,2026-10-01,\ncomplaint,A1001,2026-02-30,\n'
    const first = readEventsCsv('ev.csv', text, 'cli:test')
    expect(first.accepted.map(({ event: e }) => [e.kind, e.agentId, e.occurredAt])).toEqual([
      ['complaint', 'A1001', '2026-10-31T23:30:00+08:00'],
      ['praise', 'A1002', '2026-10-12T10:00:00Z'],
    ])
    expect(first.rejected).toEqual([expect.stringMatching(/^ev\.csv:4: kind: expected complaint or praise/), expect.stringMatching(/^ev\.csv:5: occurredAt: /)])
    expect(readEventsCsv('ev.csv', text, 'cli:test').accepted.map((a) => a.event.eventId)).toEqual(first.accepted.map((a) => a.event.eventId))
  })

  it('names missing columns', () => {
    expect(readEventsCsv('ev.csv', 'agent,when\n', 'x').rejected).toEqual([expect.stringMatching(/^ev\.csv:1: the header needs the columns kind, agentId, occurredAt/)])
  })
})
