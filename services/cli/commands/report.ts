import { loadStoreConfig } from '../../lib/config/store.js'
import { openStore } from '../../lib/clickhouse/store.js'
import { EXIT, type CliIo } from '../io.js'
import { renderTable } from '../table.js'

export interface ReportOptions {
  month?: string
  format: 'table' | 'json'
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
