import { readFileSync, writeFileSync } from 'node:fs'
import type { Settlement, SettlementVersion } from '../../../pipelines/contracts/settlement.js'
import { settlementHtml } from '../../../pipelines/settlement/print.js'
import { settle } from '../../../pipelines/settlement/settle.js'
import { settlementSheets, type Cell } from '../../../pipelines/settlement/sheet.js'
import { openStore } from '../../lib/clickhouse/store.js'
import { loadStoreConfig } from '../../lib/config/store.js'
import { UserError } from '../../lib/errors.js'
import { readEventsCsv } from '../../lib/settlement/events-file.js'
import { settlementCsv, settlementXlsx } from '../../lib/settlement/export.js'
import { loadSettlementPolicy } from '../../lib/settlement/policy.js'
import { EXIT, type CliIo } from '../io.js'
import type { Lang } from '../messages.js'
import { renderTable } from '../table.js'

export const SETTLE_FORMATS = ['table', 'json', 'csv', 'xlsx', 'html'] as const

export interface SettleOptions {
  month: string
  policy?: string
  format: (typeof SETTLE_FORMATS)[number]
  out?: string
  save: boolean
  /** Export this saved version instead of computing the month afresh. */
  version?: number
  lang: Lang
}

/** Who saved or imported something from the command line, for the record. */
function cliUser(io: CliIo): string {
  return `cli:${io.env.USER ?? io.env.USERNAME ?? 'unknown'}`
}

const text = (c: Cell) => (c === null ? '' : typeof c === 'number' ? String(c) : c)

function table(s: Settlement, lang: Lang, saved: SettlementVersion | undefined): string {
  const sheets = settlementSheets(s, lang, saved)
  const parts = [`${sheets.title}  ${sheets.status}`, '', renderTable(sheets.summaryHeader, sheets.summary.map((r) => r.map(text)))]
  if (sheets.lines.length > 0) parts.push(renderTable(sheets.linesHeader, sheets.lines.map((r) => r.map(text))))
  return [...parts, ...sheets.notes.map((n) => `${n}\n`)].join('\n')
}

async function render(s: Settlement, saved: SettlementVersion | undefined, opts: SettleOptions): Promise<string | Buffer> {
  switch (opts.format) {
    case 'json':
      return JSON.stringify(saved ?? s, null, 2) + '\n'
    case 'csv':
      return settlementCsv(s, opts.lang, saved)
    case 'xlsx':
      return settlementXlsx(s, opts.lang, saved)
    case 'html':
      return settlementHtml(s, opts.lang, saved)
    case 'table':
      return table(s, opts.lang, saved)
  }
}

/** Computes (or reads back a saved version of) a month's settlement and prints or writes it. */
export async function settleCommand(opts: SettleOptions, io: CliIo): Promise<number> {
  if (opts.format === 'xlsx' && opts.out === undefined) throw new UserError(io.messages.settleXlsxNeedsOut)
  if (opts.version !== undefined && (opts.save || opts.policy !== undefined)) throw new UserError(io.messages.settleVersionAlone)
  // The policy is checked before the store opens: a broken file should not wait for the database.
  const policy = opts.version === undefined ? loadSettlementPolicy(opts.policy) : undefined
  const store = await openStore(loadStoreConfig(io.env))
  let output: string | Buffer
  try {
    let saved: SettlementVersion | undefined
    let settlement: Settlement
    if (policy === undefined) {
      saved = await store.settlementVersion(opts.month, opts.version!)
      if (!saved) throw new UserError(io.messages.settleNoVersion(opts.month, opts.version!))
      settlement = saved.settlement
    } else {
      const inputs = await store.settlementInputs(opts.month)
      settlement = settle({ month: opts.month, policy: policy.policy, policyDigest: policy.digest, ...inputs })
      if (opts.save) {
        saved = await store.saveSettlement(settlement, cliUser(io))
        io.stderr.write(`${io.messages.settleSaved(saved.month, saved.version)}\n`)
      }
    }
    output = await render(settlement, saved, opts)
  } finally {
    await store.close()
  }
  if (opts.out !== undefined) writeFileSync(opts.out, output)
  else io.stdout.write(output)
  return EXIT.ok
}

/** Records complaints and praise from a CSV; good rows are stored even when others are rejected. */
export async function importEventsCommand(file: string, io: CliIo): Promise<number> {
  let content: string
  try {
    content = readFileSync(file, 'utf8')
  } catch (err) {
    throw new UserError(`${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  const { accepted, rejected } = readEventsCsv(file, content, cliUser(io))
  for (const reason of rejected) io.stderr.write(`${io.messages.rejected}: ${reason}\n`)
  if (accepted.length > 0) {
    const store = await openStore(loadStoreConfig(io.env))
    try {
      await store.saveSettlementEvents(accepted)
    } finally {
      await store.close()
    }
  }
  io.stderr.write(`${io.messages.eventsImported(accepted.length, rejected.length)}\n`)
  return rejected.length > 0 ? EXIT.someRejected : EXIT.ok
}
