import { loadStoreConfig } from '../../lib/config/store.js'
import { openStore } from '../../lib/clickhouse/store.js'
import { EXIT, type CliIo } from '../io.js'

export interface ReportOptions {
  month?: string
  format: 'table' | 'json'
}

/** Terminal columns of a string: CJK and full-width characters take two. */
function width(s: string): number {
  let w = 0
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return w
}

function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ').trimEnd()
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n'
}

export async function reportCommand(opts: ReportOptions, io: CliIo): Promise<number> {
  const store = await openStore(loadStoreConfig(io.env))
  try {
    const rows = await store.agentReport({ month: opts.month })
    if (opts.format === 'json') {
      io.stdout.write(JSON.stringify(rows, null, 2) + '\n')
      return EXIT.ok
    }
    const m = io.messages
    io.stdout.write(`${m.reportTitle(opts.month ?? m.allMonths)}\n\n`)
    if (rows.length === 0) {
      io.stdout.write(`${m.reportEmpty}\n`)
      return EXIT.ok
    }
    const cells = rows.map((r) => [
      r.teamId,
      r.agentId,
      r.agentName,
      String(r.calls),
      r.avgScore.toFixed(1),
      r.minScore.toFixed(1),
      String(r.fatalCalls),
      r.avgAgentCharsPerMinute === null ? '-' : r.avgAgentCharsPerMinute.toFixed(0),
      String(r.overtalkCount),
      r.failedRules.slice(0, 3).map((f) => `${f.ruleId}×${f.count}`).join(' '),
    ])
    io.stdout.write(renderTable(m.reportHeader, cells))
    return EXIT.ok
  } finally {
    await store.close()
  }
}
