import type { Lang } from '../contracts/lang.js'
import { ruleName } from '../contracts/rule-names.js'
import { callClock } from '../text/clock.js'
import { REWARD_KINDS, type LineKind, type Settlement, type SettlementLine, type SettlementVersion, type SignOffWarning } from '../contracts/settlement.js'
import { signOffWarnings } from './settle.js'

/*
 * A settlement as tables for people: a summary row per agent and a row per fine or reward. The CSV, the XLSX, the
 * printable page and the CLI table all show these same rows, so they never disagree.
 */

type Saved = Pick<SettlementVersion, 'version' | 'status' | 'signedBy' | 'signedAt' | 'digest'> & Partial<Pick<SettlementVersion, 'signOff'>>

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
  summaryHeader: ['团队', '坐席', '姓名', '通话', '已复核', '月平均分（复核分优先）', '确认违规', '致命违规', '不计（推翻/申诉成立）', '罚款(元)', '奖励(元)', '合计(元)'],
  linesHeader: ['团队', '坐席', '姓名', '项目', '依据', '通话', '规则', '质检员', '证据', '申诉', '罚款(元)', '奖励(元)'],
  appealOpen: '申诉中，未裁决',
  appealRejected: '申诉已驳回',
  added: '质检补录',
  withheld: (who: string, calls: string) => `${who}：月度高分奖励暂不发放，待致命通话复核：${calls}`,
  warnings: '签发前待处理：',
  overridden: (by: string, reason: string) => `${by} 签发时说明：${reason}`,
  warning: (w: SignOffWarning): string =>
    w.kind === 'open-appeals'
      ? `${w.count} 条罚款的申诉尚未裁决`
      : w.kind === 'unreviewed-fatal'
        ? `${w.count} 通机评致命的通话尚未复核`
        : `只复核了 ${w.reviewedCalls} / ${w.calls} 通（低于 ${Math.round(w.minReviewedShare * 1000) / 10}%）`,
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
  summaryHeader: ['team', 'agent', 'name', 'calls', 'reviewed', 'average (reviewed score where reviewed)', 'confirmed', 'fatal', 'not counted (overturned/appeal upheld)', 'fines (¥)', 'rewards (¥)', 'net (¥)'],
  linesHeader: ['team', 'agent', 'name', 'item', 'basis', 'calls', 'rules', 'reviewers', 'evidence', 'appeal', 'fine (¥)', 'reward (¥)'],
  appealOpen: 'appeal open, not decided',
  appealRejected: 'appeal rejected',
  added: 'added by the reviewer',
  withheld: (who, calls) => `${who}: the high score reward waits until these fatal calls are reviewed: ${calls}`,
  warnings: 'Open before signing:',
  overridden: (by, reason) => `${by} signed anyway: ${reason}`,
  warning: (w) =>
    w.kind === 'open-appeals'
      ? `${w.count} appeals against this month's fines are still open`
      : w.kind === 'unreviewed-fatal'
        ? `${w.count} calls the machine found fatal are not reviewed`
        : `only ${w.reviewedCalls} of ${w.calls} calls were reviewed (under ${Math.round(w.minReviewedShare * 1000) / 10}%)`,
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

function basisText(line: SettlementLine, l: SheetLabels, lang: Lang): string {
  if (line.basis) {
    const b = line.basis
    const key = b.scale === 'fatal' ? l.fatal : b.scale === 'category' ? (b.name ?? b.key) : ruleName(b.key, lang)
    const nth = l.nth(key, b.nth)
    return b.capped ? `${nth}，${l.capped(b.ladderAmount)}` : nth
  }
  if (line.ofAgentId !== undefined) return l.ofAgent(line.ofAgentId)
  if (line.score) return l.average(line.score.averageScore.toFixed(1), line.score.calls)
  return line.events.map((e) => [shanghaiTime(e.occurredAt), e.note].filter((s) => s !== '').join(' ')).join('；')
}

function evidenceText(line: SettlementLine, l: SheetLabels): string {
  return line.violations
    .flatMap((v) => [
      ...(v.source === 'inspector' ? [l.added] : []),
      ...(v.ruleResult?.evidence ?? []).map((e) => {
        const at = e.startMs !== undefined ? `[${callClock(e.startMs)}] ` : ''
        // An added violation's note is the reviewer's comment, shown once below.
        const note = v.source === 'inspector' ? '' : e.note
        return `${at}${e.text ? `“${e.text}” ` : ''}${note}`.trim()
      }),
      ...(v.comment !== '' ? [v.comment] : []),
    ])
    .filter((t) => t !== '')
    .join('；')
}

function appealText(line: SettlementLine, l: SheetLabels): string {
  const states = line.violations.flatMap((v) => v.appeals.map((a) => a.status))
  return states.includes('open') ? l.appealOpen : states.includes('rejected') ? l.appealRejected : ''
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
        basisText(line, l, lang),
        unique([...line.violations.map((v) => v.callId), ...line.events.map((e) => e.callId).filter((c) => c !== '')]),
        unique(line.violations.map((v) => ruleName(v.ruleId, lang))),
        unique(line.violations.map((v) => s.reviewerNames?.[v.reviewer] ?? v.reviewer)),
        evidenceText(line, l),
        appealText(line, l),
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
  // What a reader must know beside the numbers: teams nobody answered for, rewards on hold, and what signing had to
  // override (or, on a draft, what is still open).
  const warnings = saved?.status === 'signed' ? (saved.signOff?.warnings ?? []) : signOffWarnings(s)
  const notes = [
    ...(s.teamsWithoutLeads.length > 0 ? [l.teamsWithoutLeads(s.teamsWithoutLeads.join(', '))] : []),
    ...s.agents.filter((a) => a.rewardWithheld).map((a) => l.withheld(`${a.agentId} ${a.agentName}`, a.rewardWithheld!.callIds.join(' '))),
    ...(warnings.length > 0 ? [`${l.warnings}${warnings.map(l.warning).join('；')}`] : []),
    ...(saved?.signOff ? [l.overridden(saved.signedBy ?? '', saved.signOff.reason)] : []),
  ]
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
