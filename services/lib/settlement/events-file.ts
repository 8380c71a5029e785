import { createHash } from 'node:crypto'
import { SettlementEvent } from '../../../pipelines/contracts/settlement.js'
import { formatProblems, validate } from '../../../pipelines/contracts/validate.js'
import { parseCsv } from '../csv.js'
import { shanghaiDay } from '../clickhouse/period.js'

/*
 * Complaints and praise as a CSV with a header row: kind (complaint|praise, or 投诉|表扬), agentId, occurredAt,
 * and optionally teamId, callId, note, eventId, withdrawn (1/true takes back an event recorded by mistake).
 * occurredAt is ISO-8601 with an offset, or a Beijing-time "2026-10-12 14:05", "2026/10/12 14:05" or "2026-10-12".
 * Without an eventId the id is derived from the row, so importing the same file twice records each event once.
 */

export interface EventsFileResult {
  accepted: Array<{ event: SettlementEvent; withdrawn: boolean }>
  /** One per rejected row: where (file:line) and why. */
  rejected: string[]
}

const KINDS: Record<string, 'complaint' | 'praise'> = { complaint: 'complaint', praise: 'praise', 投诉: 'complaint', 表扬: 'praise' }
const LOCAL = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const TRUE = new Set(['1', 'true', 'yes', '是'])

/** ISO-8601 with +08:00 for a Beijing local time; an instant with its own offset kept as it is. */
function occurredAt(text: string): string | undefined {
  const local = LOCAL.exec(text)
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local
    const pad = (v: string) => v.padStart(2, '0')
    const iso = `${y}-${pad(mo!)}-${pad(d!)}T${pad(h)}:${pad(mi)}:${pad(s)}+08:00`
    const ms = Date.parse(iso)
    // Date.parse rolls 2026-02-30 over into March; a date that does not survive the round trip does not exist.
    return Number.isNaN(ms) || shanghaiDay(ms) !== iso.slice(0, 10) ? undefined : iso
  }
  return /(Z|[+-]\d{2}:?\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined
}

export function readEventsCsv(path: string, text: string, recordedBy: string): EventsFileResult {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''))
  const header = (rows.shift() ?? []).map((h) => h.trim())
  const result: EventsFileResult = { accepted: [], rejected: [] }
  const missing = ['kind', 'agentId', 'occurredAt'].filter((h) => !header.includes(h))
  if (missing.length > 0) {
    result.rejected.push(`${path}:1: the header needs the columns ${missing.join(', ')} (has: ${header.join(', ') || 'nothing'})`)
    return result
  }
  rows.forEach((cells, i) => {
    const line = i + 2
    if (cells.every((c) => c.trim() === '')) return
    const field = (name: string) => cells[header.indexOf(name)]?.trim() ?? ''
    const problems: string[] = []
    const kind = KINDS[field('kind').toLowerCase()]
    if (!kind) problems.push(`kind: expected complaint or praise (投诉/表扬), got "${field('kind')}"`)
    const at = occurredAt(field('occurredAt'))
    if (at === undefined) problems.push(`occurredAt: expected a time such as 2026-10-12 14:05 (Beijing time) or ISO-8601 with an offset, got "${field('occurredAt')}"`)
    if (problems.length > 0) {
      result.rejected.push(`${path}:${line}: ${problems.join('; ')}`)
      return
    }
    const body = { kind, agentId: field('agentId'), teamId: field('teamId'), occurredAt: at, callId: field('callId'), note: field('note') }
    const derived = `ev-${createHash('sha256').update(JSON.stringify([body.kind, body.agentId, Date.parse(at!), body.callId, body.note])).digest('hex').slice(0, 20)}`
    const event = validate(SettlementEvent, { ...body, eventId: field('eventId') || derived, recordedBy })
    if (!event.ok) result.rejected.push(`${path}:${line}: ${formatProblems(event.problems)}`)
    else result.accepted.push({ event: event.value, withdrawn: TRUE.has(field('withdrawn').toLowerCase()) })
  })
  return result
}
