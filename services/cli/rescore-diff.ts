import type { RulesetDiffRows, RulesetRef } from '../lib/clickhouse/rescore.js'
import type { Messages } from './messages.js'
import { refText } from './rescore-args.js'
import { renderTable } from './table.js'

/** `callqa rescore diff --format json`: what changed from one ruleset version to another over the calls both scored. */
export interface RulesetDiff {
  from: string
  to: string
  calls: { compared: number; onlyFrom: number; onlyTo: number }
  /** Rules whose outcome changed on at least one call; `off` stands for a rule one version does not score. */
  rules: Array<{ ruleId: string; changedCalls: number; transitions: Array<{ from: string; to: string; calls: number }> }>
  /** Every agent with compared calls; a call changed when its score or any rule's outcome did. */
  agents: Array<{ agentId: string; teamId: string; calls: number; avgBefore: number; avgAfter: number; changedCalls: number }>
}

const round1 = (n: number) => Math.round(n * 10) / 10

export function summarizeDiff(rows: RulesetDiffRows, from: RulesetRef, to: RulesetRef): RulesetDiff {
  const rules = new Map<string, RulesetDiff['rules'][number]>()
  for (const r of rows.rules) {
    if (r.from === r.to) continue
    const rule = rules.get(r.ruleId) ?? { ruleId: r.ruleId, changedCalls: 0, transitions: [] }
    rule.changedCalls += r.calls
    rule.transitions.push({ from: r.from, to: r.to, calls: r.calls })
    rules.set(r.ruleId, rule)
  }
  for (const rule of rules.values()) rule.transitions.sort((a, b) => b.calls - a.calls || `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`))
  return {
    from: refText(from),
    to: refText(to),
    calls: { compared: rows.coverage.both, onlyFrom: rows.coverage.onlyFrom, onlyTo: rows.coverage.onlyTo },
    rules: [...rules.values()].sort((a, b) => b.changedCalls - a.changedCalls || a.ruleId.localeCompare(b.ruleId)),
    agents: rows.agents.map((a) => ({
      agentId: a.agentId,
      teamId: a.teamId,
      calls: a.calls,
      avgBefore: round1(a.avgBefore),
      avgAfter: round1(a.avgAfter),
      changedCalls: a.changed,
    })),
  }
}

export function renderDiff(diff: RulesetDiff, m: Messages): string {
  const signed = (n: number) => (n > 0 ? `+${n.toFixed(1)}` : n.toFixed(1))
  const parts = [`${m.diffTitle(diff.from, diff.to)}\n`, `${m.diffCoverage(diff.calls.compared, diff.calls.onlyFrom, diff.calls.onlyTo)}\n\n`]
  parts.push(`${m.diffRules}\n`)
  if (diff.rules.length === 0) parts.push(`${m.diffNoRuleChanges}\n`)
  else {
    const cells = diff.rules.map((r) => [r.ruleId, String(r.changedCalls), r.transitions.map((t) => `${t.from}→${t.to} ${t.calls}`).join(', ')])
    parts.push(renderTable(m.diffRulesHeader, cells))
  }
  parts.push(`\n${m.diffAgents}\n`)
  const cells = diff.agents.map((a) => [
    a.teamId,
    a.agentId,
    String(a.calls),
    a.avgBefore.toFixed(1),
    a.avgAfter.toFixed(1),
    signed(round1(a.avgAfter - a.avgBefore)),
    String(a.changedCalls),
  ])
  parts.push(renderTable(m.diffAgentsHeader, cells))
  return parts.join('')
}
