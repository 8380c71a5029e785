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
  // A mono call's roles were inferred: how sure, and why an inspector should look.
  if (card.roles) lines.push(`  ${card.roles.review ? '⚠' : 'ℹ'} ${m.roles(card.roles.method, card.roles.confidence.toFixed(2), card.roles.speakers, card.roles.review)}`, ...card.roles.reasons.map((r) => `      ${r}`))
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

/** Terminal columns of a string: CJK and full-width characters take two. */
function width(s: string): number {
  let w = 0
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return w
}

/** Columns padded to their widest cell, a rule under the header. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ').trimEnd()
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n'
}
