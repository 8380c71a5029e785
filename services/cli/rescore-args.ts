import { existsSync } from 'node:fs'
import type { RescoreRange, RulesetRef } from '../lib/clickhouse/rescore.js'
import { UserError } from '../lib/errors.js'
import { loadRuleset } from '../lib/rulesets/load.js'
import { shanghaiDay } from '../lib/clickhouse/period.js'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

/** Midnight of a calendar day in Asia/Shanghai, the centre's day; undefined for anything but a real YYYY-MM-DD. */
function shanghaiMidnight(date: string): number | undefined {
  const m = DATE.exec(date)
  if (!m) return undefined
  const ms = Date.parse(`${date}T00:00:00+08:00`)
  // Date.parse rolls 2026-02-30 over to March; a real date survives the round trip.
  const back = shanghaiDay(ms)
  return back === date ? ms : undefined
}

/** `--from` and `--to` as whole days in Asia/Shanghai, both inclusive: [from 00:00, the day after `to` 00:00). */
export function parseDateRange(from: string | undefined, to: string | undefined): RescoreRange {
  if (from === undefined || to === undefined) throw new UserError('--from and --to are required, as dates like 2026-11-01 (Beijing time, both inclusive)')
  const fromMs = shanghaiMidnight(from)
  if (fromMs === undefined) throw new UserError(`--from must be a date like 2026-11-01 (got "${from}")`)
  const toDay = shanghaiMidnight(to)
  if (toDay === undefined) throw new UserError(`--to must be a date like 2026-11-30 (got "${to}")`)
  if (toDay < fromMs) throw new UserError(`--from ${from} is after --to ${to}: the range is empty`)
  return { fromMs, toMs: toDay + DAY_MS }
}

/** Like parseDateRange, for commands where the range is optional: neither → all time; one alone is an error. */
export function optionalDateRange(from: string | undefined, to: string | undefined): RescoreRange | undefined {
  return from === undefined && to === undefined ? undefined : parseDateRange(from, to)
}

const REF = /^([a-z0-9][a-z0-9._-]*)@([1-9]\d*)$/

/** `id@version`, or a ruleset file whose id and version are meant (a file of that name wins). */
export function rulesetRef(option: string, value: string | undefined): RulesetRef {
  if (value === undefined) throw new UserError(`--${option} is required: a ruleset as id@version (e.g. default@1) or a ruleset file`)
  if (!existsSync(value) && value.includes('@')) {
    const m = REF.exec(value)
    if (!m) throw new UserError(`--${option} "${value}" is no ruleset file, nor id@version with a version from 1 (e.g. default@1)`)
    return { id: m[1]!, version: Number(m[2]) }
  }
  const ruleset = loadRuleset(value)
  return { id: ruleset.id, version: ruleset.version }
}

export function refText(ref: RulesetRef): string {
  return `${ref.id}@${ref.version}`
}
