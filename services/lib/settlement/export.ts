import ExcelJS from 'exceljs'
import type { Lang } from '../../../pipelines/contracts/lang.js'
import type { Settlement, SettlementVersion } from '../../../pipelines/contracts/settlement.js'
import { settlementSheets, type SettlementSheets } from '../../../pipelines/settlement/sheet.js'
import { formatCsv } from '../csv.js'

/*
 * Downloads of a settlement for the meeting and for payroll: the same rows as the printable page
 * (pipelines/settlement/sheet.ts). `saved` is the stored version's status and signature; absent for a trial run.
 */

type Saved = Pick<SettlementVersion, 'version' | 'status' | 'signedBy' | 'signedAt' | 'digest'> & Partial<Pick<SettlementVersion, 'signOff'>>

/** One row per fine or reward (the lines sheet), UTF-8 with a byte-order mark so Excel shows the Chinese. */
export function settlementCsv(s: Settlement, lang: Lang, saved?: Saved): string {
  const sheets = settlementSheets(s, lang, saved)
  return formatCsv(sheets.linesHeader, sheets.lines)
}

function addTable(book: ExcelJS.Workbook, name: string, header: string[], rows: SettlementSheets['lines'], moneyFrom: number): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.addRow(header).font = { bold: true }
  for (const row of rows) sheet.addRow(row)
  sheet.columns.forEach((column, i) => {
    const widest = Math.max(...[header[i] ?? '', ...rows.map((r) => String(r[i] ?? ''))].map((t) => [...t].length))
    column.width = Math.min(60, Math.max(8, widest * 2))
    if (i >= moneyFrom) column.numFmt = '0.00'
  })
}

/** A workbook with the summary per agent, every line, and what version of what policy it is. */
export async function settlementXlsx(s: Settlement, lang: Lang, saved?: Saved): Promise<Buffer> {
  const sheets = settlementSheets(s, lang, saved)
  const book = new ExcelJS.Workbook()
  book.creator = 'callqa'
  book.title = sheets.title
  addTable(book, sheets.sheetNames.summary, sheets.summaryHeader, sheets.summary, 9)
  addTable(book, sheets.sheetNames.lines, sheets.linesHeader, sheets.lines, 10)
  const info = book.addWorksheet(sheets.sheetNames.info)
  info.addRow([sheets.title]).font = { bold: true }
  for (const [label, value] of sheets.info) info.addRow([label, value])
  for (const note of sheets.notes) info.addRow([note])
  info.getColumn(1).width = 16
  info.getColumn(2).width = 70
  return Buffer.from(await book.xlsx.writeBuffer())
}

