import type { Lang } from '../contracts/lang.js'
import type { Settlement, SettlementVersion } from '../contracts/settlement.js'
import { SHEET_LABELS, settlementSheets, type Cell } from './sheet.js'

/*
 * The page supervisors print for the monthly meeting: the month's summary, then one block per agent with each fine
 * and reward, what it rests on and a line for the agent's signature. Self-contained (no scripts, no fetched styles)
 * so it prints the same from the API, a saved file or a browser's print dialog.
 */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const cell = (c: Cell) => (c === null ? '' : typeof c === 'number' ? c.toFixed(Number.isInteger(c) ? 0 : 2) : c)
const money = (c: Cell) => (typeof c === 'number' ? c.toFixed(2) : '')

function table(header: string[], rows: Cell[][], numeric: ReadonlySet<number>, moneyColumns: ReadonlySet<number>, cls = ''): string {
  const th = header.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${escape(h)}</th>`).join('')
  const tr = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${escape(moneyColumns.has(i) ? money(c) : cell(c))}</td>`).join('')}</tr>`)
    .join('\n')
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`
}

/** The page's only style, inline so the page stands alone; the API's Content-Security-Policy admits it by its hash. */
export const PRINT_STYLE = `
  body { font-family: "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif; font-size: 12px; color: #111; margin: 24px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  h2 { font-size: 14px; margin: 0 0 6px; }
  .meta { color: #444; margin-bottom: 12px; }
  .status { font-weight: bold; }
  .draft { color: #b00; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 10px; }
  th, td { border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }
  th { background: #eee; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  tbody tr:last-child td { font-weight: bold; }
  table.lines tbody tr:last-child td { font-weight: normal; }
  .agent { page-break-inside: avoid; break-inside: avoid; margin-top: 16px; }
  .sign { margin-top: 6px; }
  .sign span { display: inline-block; min-width: 12em; border-bottom: 1px solid #111; }
  .note { color: #b00; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print { body { margin: 0; } th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`

/** Self-contained HTML for printing; `saved` adds the version and who signed it (absent: a trial run). */
export function settlementHtml(s: Settlement, lang: Lang, saved?: Pick<SettlementVersion, 'version' | 'status' | 'signedBy' | 'signedAt' | 'digest'> & Partial<Pick<SettlementVersion, 'signOff'>>): string {
  const l = SHEET_LABELS[lang]
  const sheets = settlementSheets(s, lang, saved)
  const summaryNumeric = new Set([3, 4, 5, 6, 7, 8, 9, 10, 11])
  const summaryMoney = new Set([9, 10, 11])
  const blocks = s.agents.map((a, i) => {
    const lines = sheets.lines.filter((r) => r[1] === a.agentId).map((r) => r.slice(3))
    const body =
      lines.length === 0 ? `<p>${escape(l.noLines)}</p>` : table(sheets.linesHeader.slice(3), lines, new Set([7, 8]), new Set([7, 8]), 'lines')
    const summary = sheets.summary[i]!
    return `<section class="agent">
<h2>${escape(`${a.teamId} · ${a.agentId} ${a.agentName}`)} — ${escape(`${sheets.summaryHeader[9]} ${money(summary[9]!)} / ${sheets.summaryHeader[10]} ${money(summary[10]!)} / ${sheets.summaryHeader[11]} ${money(summary[11]!)}`)}</h2>
${body}
<div class="sign">${escape(l.signHere)} <span>&nbsp;</span></div>
</section>`
  })
  const statusClass = saved?.status === 'signed' ? 'status' : 'status draft'
  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<title>${escape(sheets.title)}</title>
<style>${PRINT_STYLE}</style>
</head>
<body>
<h1>${escape(sheets.title)}</h1>
<div class="meta"><span class="${statusClass}">${escape(sheets.status)}</span> · ${escape(`${l.policy} ${s.policy.id} v${s.policy.version} (${s.policy.digest.slice(0, 12)})`)}</div>
${sheets.notes.map((n) => `<p class="note">${escape(n)}</p>`).join('\n')}
${table(sheets.summaryHeader, sheets.summary, summaryNumeric, summaryMoney)}
<div class="sign">${escape(l.supervisorSign)} <span>&nbsp;</span></div>
${blocks.join('\n')}
</body>
</html>
`
}
