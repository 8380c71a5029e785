import type { Lang } from '../contracts/lang.js'
import { REWARD_KINDS, type LineKind, type Settlement, type SettlementLine, type SettlementVersion } from '../contracts/settlement.js'

/*
 * A settlement as tables for people: a summary row per agent and a row per fine or reward. The CSV, the XLSX, the
 * printable page and the CLI table all show these same rows, so they never disagree.
 */

type Saved = Pick<SettlementVersion, 'version' | 'status' | 'signedBy' | 'signedAt' | 'digest'>

const zh = {
  title: (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月 质检奖惩结算`,
  version: (v: number) => `第 ${v} 版`,
  draft: '草稿（未签署）',
  signed: (by: string, at: string) => `已签署：${by}，${at}`,
  unsaved: '试算（未保存）',
  policy: '奖惩办法',
  totals: '合计',
  summarySheet: '汇总',
  linesSheet: '明细',
  infoSheet: '说明',
  summaryHeader: ['团队', '坐席', '姓名', '通话', '已复核', '月平均分', '确认违规', '致命违规', '不计（推翻/申诉成立）', '罚款(元)', '奖励(元)', '合计(元)'],
  linesHeader: ['团队', '坐席', '姓名', '项目', '依据', '通话', '规则', '质检员', '证据', '罚款(元)', '奖励(元)'],
  kinds: {
    violation: '违规罚款',
    complaint: '投诉罚款',
    'complaint-monthly': '月累计投诉罚款',
    'lead-fatal': '组长连带（致命违规）',
    'lead-complaint': '组长连带（投诉）',
    'lead-share': '组长连带（罚款分摊）',
    'score-reward': '月度高分奖励',
    praise: '客户表扬奖励',
  } satisfies Record<LineKind, string>,
  nth: (key: string, n: number) => `${key} 第${n}次`,
  fatal: '致命',
  capped: (ladder: number) => `已封顶（按阶梯应罚 ${ladder} 元）`,
  ofAgent: (id: string) => `坐席 ${id}`,
  average: (avg: string, calls: number) => `月平均分 ${avg}（${calls} 通）`,
  complaints: (n: number) => `本月第 ${n} 次投诉`,
  teamsWithoutLeads: (teams: string) => `以下团队在奖惩办法中没有组长，未计组长连带：${teams}`,
  signHere: '坐席确认签字：',
  supervisorSign: '主管签字：',
  noLines: '本月无奖惩',
  info: ['月份', '版本', '状态', '签署人', '签署时间', '奖惩办法', '办法摘要', '内容摘要'],
}

const en: typeof zh = {
  title: (month) => `QA rewards and penalties, ${month}`,
  version: (v) => `version ${v}`,
  draft: 'draft (not signed)',
  signed: (by, at) => `signed by ${by}, ${at}`,
  unsaved: 'trial run (not saved)',
  policy: 'policy',
  totals: 'Totals',
  summarySheet: 'Summary',
  linesSheet: 'Lines',
  infoSheet: 'About',
  summaryHeader: ['team', 'agent', 'name', 'calls', 'reviewed', 'average', 'confirmed', 'fatal', 'not counted (overturned/appeal upheld)', 'fines (¥)', 'rewards (¥)', 'net (¥)'],
  linesHeader: ['team', 'agent', 'name', 'item', 'basis', 'calls', 'rules', 'reviewers', 'evidence', 'fine (¥)', 'reward (¥)'],
  kinds: {
    violation: 'violation fine',
    complaint: 'complaint fine',
    'complaint-monthly': 'repeated complaints fine',
    'lead-fatal': 'team lead liability (fatal violation)',
    'lead-complaint': 'team lead liability (complaint)',
    'lead-share': 'team lead liability (share of fines)',
    'score-reward': 'high score reward',
    praise: 'customer praise reward',
  },
  nth: (key, n) => `${key} #${n}`,
  fatal: 'fatal',
  capped: (ladder) => `capped (ladder step ¥${ladder})`,
  ofAgent: (id) => `for agent ${id}`,
  average: (avg, calls) => `average ${avg} over ${calls} calls`,
  complaints: (n) => `complaint #${n} this month`,
  teamsWithoutLeads: (teams) => `These teams have no leads in the policy; no lead liability was charged: ${teams}`,
  signHere: 'Agent signature:',
  supervisorSign: 'Supervisor signature:',
  noLines: 'nothing this month',
  info: ['month', 'version', 'status', 'signed by', 'signed at', 'policy', 'policy digest', 'content digest'],
}

export type SheetLabels = typeof zh
export const SHEET_LABELS: Record<Lang, SheetLabels> = { zh, en }

export type Cell = string | number | null

export interface SettlementSheets {
  title: string
  /** Draft, signed by whom, or not saved. */
  status: string
  sheetNames: { summary: string; lines: string; info: string }
  summaryHeader: string[]
  summary: Cell[][]
  linesHeader: string[]
  lines: Cell[][]
  /** Label / value pairs: month, version, status, signer, policy, digests. */
  info: Array<[string, Cell]>
  notes: string[]
}

/** A time as the centre reads it: Beijing time, to the minute. */
export function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

function basisText(line: SettlementLine, l: SheetLabels): string {
  if (line.basis) {
    const b = line.basis
    const nth = l.nth(b.scale === 'fatal' ? l.fatal : b.key, b.nth)
    return b.capped ? `${nth}，${l.capped(b.ladderAmount)}` : nth
  }
  if (line.ofAgentId !== undefined) return l.ofAgent(line.ofAgentId)
  if (line.score) return l.average(line.score.averageScore.toFixed(1), line.score.calls)
  return line.events.map((e) => [shanghaiTime(e.occurredAt), e.note].filter((s) => s !== '').join(' ')).join('；')
}

function evidenceText(line: SettlementLine): string {
  return line.violations
    .flatMap((v) => [
      ...(v.ruleResult?.evidence ?? []).map((e) => {
        const at = e.startMs !== undefined ? `[${(e.startMs / 1000).toFixed(1)}s] ` : ''
        return `${at}${e.text !== undefined ? `“${e.text}” ` : ''}${e.note}`.trim()
      }),
      ...(v.comment !== '' ? [v.comment] : []),
    ])
    .join('；')
}

const unique = (xs: string[]) => [...new Set(xs)].join(' ')

export function settlementSheets(s: Settlement, lang: Lang, saved?: Saved): SettlementSheets {
  const l = SHEET_LABELS[lang]
  const status = !saved ? l.unsaved : saved.status === 'signed' ? l.signed(saved.signedBy ?? '', shanghaiTime(saved.signedAt ?? '')) : l.draft
  const summary: Cell[][] = s.agents.map((a) => [
    a.teamId,
    a.agentId,
    a.agentName,
    a.calls,
    a.reviewedCalls,
    a.averageScore === null ? null : Math.round(a.averageScore * 10) / 10,
    a.confirmedViolations,
    a.fatalViolations,
    a.excluded.length,
    a.fines,
    a.rewards,
    a.net,
  ])
  summary.push([l.totals, '', '', null, null, null, null, null, null, s.totals.fines, s.totals.rewards, s.totals.net])
  const lines: Cell[][] = s.agents.flatMap((a) =>
    a.lines.map((line) => {
      const reward = REWARD_KINDS.has(line.kind)
      return [
        a.teamId,
        a.agentId,
        a.agentName,
        l.kinds[line.kind],
        basisText(line, l),
        unique([...line.violations.map((v) => v.callId), ...line.events.map((e) => e.callId).filter((c) => c !== '')]),
        unique(line.violations.map((v) => v.ruleId)),
        unique(line.violations.map((v) => v.reviewer)),
        evidenceText(line),
        reward ? null : line.amount,
        reward ? line.amount : null,
      ]
    }),
  )
  const info: Array<[string, Cell]> = [
    [l.info[0]!, s.month],
    [l.info[1]!, saved?.version ?? null],
    [l.info[2]!, status],
    [l.info[3]!, saved?.signedBy ?? null],
    [l.info[4]!, saved?.signedAt ? shanghaiTime(saved.signedAt) : null],
    [l.info[5]!, `${s.policy.id} v${s.policy.version}`],
    [l.info[6]!, s.policy.digest],
    [l.info[7]!, saved?.digest ?? null],
  ]
  const notes = s.teamsWithoutLeads.length > 0 ? [l.teamsWithoutLeads(s.teamsWithoutLeads.join(', '))] : []
  return {
    title: `${l.title(s.month)}${saved ? ` ${l.version(saved.version)}` : ''}`,
    status,
    sheetNames: { summary: l.summarySheet, lines: l.linesSheet, info: l.infoSheet },
    summaryHeader: l.summaryHeader,
    summary,
    linesHeader: l.linesHeader,
    lines,
    info,
    notes,
  }
}
