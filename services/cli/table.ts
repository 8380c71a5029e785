import type { Scorecard } from '../../pipelines/contracts/scorecard.js'
import type { Messages } from './messages.js'

function clock(ms: number): string {
  const s = ms / 1000
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`
}

/** A readable block per call: the score, then each failed rule with its evidence. */
export function scorecardTable(card: Scorecard, m: Messages): string {
  const head = `${card.callId}  ${card.agentId ?? ''}  ${m.score} ${card.score}${card.fatal ? `  【${m.fatal}】` : ''}`
  const lines = [head]
  const failed = card.results.filter((r) => r.outcome === 'fail')
  if (failed.length === 0) lines.push(`  ✓ ${m.noFailures}`)
  for (const r of failed) {
    lines.push(`  ✗ ${r.ruleId}  -${r.deduction}${r.severity ? ` (${r.severity})` : ''}`)
    for (const e of r.evidence) {
      const when = e.startMs !== undefined ? `[${clock(e.startMs)}${e.endMs !== undefined ? `–${clock(e.endMs)}` : ''}] ` : ''
      const said = e.text !== undefined ? ` ${e.speaker ?? ''}：“${e.text}”` : ''
      lines.push(`      ${when}${e.note}${said}`)
    }
  }
  const na = card.results.filter((r) => r.outcome === 'na').map((r) => r.ruleId)
  if (na.length > 0) lines.push(`  – ${m.na}: ${na.join(', ')}`)
  return lines.join('\n') + '\n\n'
}
