/*
 * CSV as spreadsheets write and read it (RFC 4180). Written with a UTF-8 byte-order mark and CRLF line ends: without
 * the mark Excel on a Chinese Windows reads UTF-8 as GBK and shows mojibake.
 */

export const UTF8_BOM = '\uFEFF'

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += ch
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}

// A text cell that starts like a formula (=, +, -, @) is written with a leading apostrophe, as Excel itself does, so
// a customer's complaint note cannot run as a formula in whoever opens the file.
function quote(cell: string | number | null): string {
  const text = cell === null ? '' : typeof cell === 'number' ? String(cell) : /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A whole CSV document, header first, starting with the byte-order mark. */
export function formatCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return UTF8_BOM + [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n'
}
