/*
 * Reporting periods: calendar months and days in Asia/Shanghai, the centre's calendar for settlements and reports.
 * China has kept UTC+8 all year since 1991, so a Shanghai day starts at a fixed offset from UTC.
 */

/** `YYYY-MM`. */
export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

const SHANGHAI_OFFSET_MS = 8 * 3600_000
const DAY_MS = 86_400_000

/** Inclusive bounds in epoch milliseconds. */
export interface Period {
  fromMs: number
  toMs: number
}

/** The whole of a `YYYY-MM` month. */
export function monthPeriod(month: string): Period {
  const match = MONTH.exec(month)
  if (!match) throw new Error(`month must be YYYY-MM, got ${JSON.stringify(month)}`)
  const year = Number(match[1])
  const index = Number(match[2]) - 1
  return {
    fromMs: Date.UTC(year, index, 1) - SHANGHAI_OFFSET_MS,
    toMs: Date.UTC(year, index + 1, 1) - SHANGHAI_OFFSET_MS - 1,
  }
}

/** From the start of day `from` to the end of day `to`, both `YYYY-MM-DD`. */
export function daysPeriod(from: string, to: string): Period {
  return { fromMs: dayStart(from), toMs: dayStart(to) + DAY_MS - 1 }
}

function dayStart(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) throw new Error(`a date must be YYYY-MM-DD, got ${JSON.stringify(date)}`)
  return ms - SHANGHAI_OFFSET_MS
}

/** The Asia/Shanghai calendar day `YYYY-MM-DD` of an instant. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** Through this day of a month, a reader most likely wants the month before: the current one has hardly begun. */
export const EARLY_DAYS = 7

export type MonthChoice =
  | { month: string; reason: 'current' }
  /** Early in a month (or the current month has no calls yet): the latest earlier month with calls. */
  | { month: string; reason: 'early-in-month' | 'current-empty' }
  /** No month with calls at all, or none before the current one: the current month. */
  | { month: string; reason: 'no-earlier-data' }

/**
 * The month the dashboards and the settlement open on at `now`, given the months that have calls: the current month
 * once it is more than EARLY_DAYS old and has calls, otherwise the latest month before it that has calls. Months
 * after the current one (a clock set wrong somewhere) are never suggested.
 */
export function suggestedMonth(monthsWithCalls: readonly string[], now: number): MonthChoice {
  const today = shanghaiDay(now)
  const current = today.slice(0, 7)
  const hasCurrent = monthsWithCalls.includes(current)
  if (hasCurrent && Number(today.slice(8)) > EARLY_DAYS) return { month: current, reason: 'current' }
  const earlier = monthsWithCalls.filter((m) => m < current).sort().pop()
  if (earlier) return { month: earlier, reason: hasCurrent ? 'early-in-month' : 'current-empty' }
  return hasCurrent ? { month: current, reason: 'current' } : { month: current, reason: 'no-earlier-data' }
}
