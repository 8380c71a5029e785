import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { Call } from '../../pipelines/contracts/call.js'
import { formatProblems, parseJson, validate } from '../../pipelines/contracts/validate.js'
import { UserError } from '../lib/errors.js'
import { callIdOf } from '../lib/audio/formats.js'
import { parseCsv } from '../lib/csv.js'

/*
 * The CDRs that go with a folder of recordings: a JSON Call, a JSON array of them, NDJSON, or a CSV export with the
 * Call's field names as its header (recording = the file name or URI; agentChannel/customerChannel optional;
 * answered = true/false/1/0). A recording is matched to its call by call id = file stem, or by the recording's file
 * name. Rows of unanswered calls have no recording; they count only towards the answer rate.
 */

export class CallsFileError extends UserError {}

export interface CallIndex {
  forRecording(path: string): Call | undefined
  /** Every CDR of the file, with or without a recording (unanswered calls have none). */
  readonly all: readonly Call[]
  readonly size: number
}

export function readCallsFile(path: string): CallIndex {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new CallsFileError(`${path}: cannot read the calls file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  const calls = extname(path).toLowerCase() === '.csv' ? fromCsv(path, text) : fromJson(path, text)
  const byKey = new Map<string, Call>()
  for (const call of calls) {
    byKey.set(call.callId, call)
    if (call.recording) byKey.set(stemOf(call.recording.uri), call)
  }
  return { forRecording: (file) => byKey.get(stemOf(file)), all: calls, size: calls.length }
}

function stemOf(pathOrUri: string): string {
  return callIdOf(decodeURIComponent(pathOrUri.replace(/^file:\/\//, '')))
}

function checked(where: string, value: unknown): Call {
  const call = validate(Call, value)
  if (!call.ok) throw new CallsFileError(`${where}: ${formatProblems(call.problems)}`)
  return call.value
}

function fromJson(path: string, text: string): Call[] {
  const whole = parseJson(text)
  if (whole.ok) {
    const items = Array.isArray(whole.value) ? whole.value : [whole.value]
    return items.map((item, i) => checked(Array.isArray(whole.value) ? `${path}[${i}]` : path, item))
  }
  // Not one JSON document: NDJSON, one Call per line.
  const calls: Call[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    const parsed = parseJson(line)
    if (!parsed.ok) throw new CallsFileError(`${path}:${i + 1}: ${formatProblems(parsed.problems)}`)
    calls.push(checked(`${path}:${i + 1}`, parsed.value))
  })
  return calls
}

const NUMBERS = new Set(['ringSeconds', 'durationSeconds'])
const BOOLEANS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false }

function csvValue(name: string, value: string): unknown {
  if (NUMBERS.has(name) && !Number.isNaN(Number(value))) return Number(value)
  if (name === 'answered') return BOOLEANS[value.toLowerCase()] ?? value
  return value
}

function fromCsv(path: string, text: string): Call[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''))
  const header = rows.shift()
  if (!header) throw new CallsFileError(`${path}: empty CSV`)
  return rows
    .map((cells, i) => ({ cells, line: i + 2 }))
    .filter(({ cells }) => cells.some((c) => c.trim() !== ''))
    .map(({ cells, line }) => {
      const record: Record<string, unknown> = {}
      header.forEach((name, i) => {
        const value = cells[i]?.trim() ?? ''
        if (value !== '') record[name.trim()] = csvValue(name.trim(), value)
      })
      const { recording, agentChannel, customerChannel, ...rest } = record
      if (typeof recording === 'string') {
        const channels =
          agentChannel !== undefined || customerChannel !== undefined ? { agent: Number(agentChannel ?? 0), customer: Number(customerChannel ?? 1) } : undefined
        rest.recording = { uri: recording, ...(channels ? { channels } : {}) }
      }
      return checked(`${path}:${line}`, rest)
    })
}
