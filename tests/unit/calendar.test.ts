import { describe, expect, it } from 'vitest'
import { monthPeriod, shanghaiDay, suggestedMonth } from '../../services/lib/clickhouse/period.js'

const at = (iso: string) => Date.parse(iso)

describe('the month a page opens on', () => {
  const months = ['2026-10', '2026-11', '2026-12']

  it('is last month at 00:20 Beijing time on the 1st, though it is still the last day of the month in UTC', () => {
    expect(shanghaiDay(at('2026-12-31T16:20:00Z'))).toBe('2027-01-01')
    expect(suggestedMonth(months, at('2026-12-31T16:20:00Z'))).toEqual({ month: '2026-12', reason: 'current-empty' })
    expect(suggestedMonth([...months, '2027-01'], at('2026-12-31T16:20:00Z'))).toEqual({ month: '2026-12', reason: 'early-in-month' })
  })

  it('is the current month from the 8th on, once it has calls', () => {
    expect(suggestedMonth(months, at('2026-12-07T23:59:00+08:00'))).toEqual({ month: '2026-11', reason: 'early-in-month' })
    expect(suggestedMonth(months, at('2026-12-08T00:00:00+08:00'))).toEqual({ month: '2026-12', reason: 'current' })
    expect(suggestedMonth(['2026-10'], at('2026-12-15T12:00:00+08:00'))).toEqual({ month: '2026-10', reason: 'current-empty' })
  })

  it('is the current month when nothing earlier has calls, and never a month after today', () => {
    expect(suggestedMonth([], at('2026-12-01T00:20:00+08:00'))).toEqual({ month: '2026-12', reason: 'no-earlier-data' })
    expect(suggestedMonth(['2026-12'], at('2026-12-01T00:20:00+08:00'))).toEqual({ month: '2026-12', reason: 'current' })
    expect(suggestedMonth(['2027-03'], at('2026-12-15T12:00:00+08:00'))).toEqual({ month: '2026-12', reason: 'no-earlier-data' })
  })

  it('counts months in Beijing time at both ends', () => {
    const { fromMs, toMs } = monthPeriod('2027-01')
    expect(shanghaiDay(fromMs)).toBe('2027-01-01')
    expect(shanghaiDay(fromMs - 1)).toBe('2026-12-31')
    expect(shanghaiDay(toMs)).toBe('2027-01-31')
    expect(shanghaiDay(toMs + 1)).toBe('2027-02-01')
  })
})
