import { z } from 'zod'
import { callFields, ChannelMap, DEFAULT_CHANNELS, SPEAKERS, type Speaker } from '../../../pipelines/contracts/call.js'
import { SpeakerRoles, timingProblems, type Transcript } from '../../../pipelines/contracts/transcript.js'
import { parseJson, validate, type InputProblem, type Parsed } from '../../../pipelines/contracts/validate.js'
import type { Scorecard } from '../../../pipelines/contracts/scorecard.js'
import { encodeUtf8 } from '../utf8.js'

/** A transcript and its scorecard: what the store saves in one go. */
export interface ScoredCall {
  transcript: Transcript
  scorecard: Scorecard
}

/** An instant as milliseconds since the epoch. */
export type EpochMs = number

export function epochMs(iso: string): EpochMs {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new Error(`not an ISO-8601 date-time: ${JSON.stringify(iso)}`)
  return ms
}

/**
 * An instant as the rows callqa inserts carry it: a string of epoch seconds with three decimals, `"1793502902.123"`.
 * Every ClickHouse version reads that into a DateTime64(3) column the same way, in UTC whatever the column's or the
 * session's time zone. A JSON number does not: up to 26.7 an integer is read as milliseconds, from 26.8 on as
 * seconds (every timestamp then lands in the year 9999), and 24.x refuses a fractional one.
 */
export type DbTime = string

export function dbTime(ms: EpochMs): DbTime {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`not an instant after 1970 in whole milliseconds: ${ms}`)
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`
}

export function dbTimeOf(iso: string): DbTime {
  return dbTime(epochMs(iso))
}

export interface CallInsertRow {
  call_id: string
  hotline: string
  agent_id: string
  agent_name: string
  team_id: string
  direction: string
  started_at: DbTime
  ring_seconds: number | null
  duration_seconds: number
  hangup_by: string | null
  customer_number: string | null
  recording_uri: string | null
  /** The recording's ChannelMap as JSON (migration 0007). */
  recording_channels: string | null
  asr_engine: string | null
  asr_model: string | null
  /** Loudness of each side's speech (migration 0007): the volume rule needs it when a call is scored again. */
  agent_max_dbfs: number | null
  customer_max_dbfs: number | null
  /** The Transcript's `roles` as JSON (migration 0010): how a mono recording's speakers were told apart. */
  speaker_roles: string | null
  updated_at: DbTime
}

export interface UtteranceInsertRow {
  call_id: string
  idx: number
  speaker: string
  start_ms: number
  end_ms: number
  text: string
  started_at: DbTime
  updated_at: DbTime
}

export interface ScorecardInsertRow {
  call_id: string
  ruleset_id: string
  ruleset_version: number
  agent_id: string
  team_id: string
  started_at: DbTime
  score: number
  fatal: boolean
  agent_chars_per_minute: number | null
  overtalk_count: number | null
  overtalk_ms: number | null
  longest_agent_silence_ms: number | null
  talk_ratio: number | null
  scored_at: DbTime
  /** The whole scorecard as JSON, with agentId/teamId/startedAt. */
  scorecard: string
  /** When the call entered the pipeline, where known (distributed mode). */
  entered_at: DbTime | null
  /** The rules the scorecard fails, in its order, and its roles' `review` (migration 0012: the call_latest view reads them). */
  failed_rules: string[]
  roles_review: boolean
}

export interface RuleResultInsertRow {
  call_id: string
  ruleset_id: string
  ruleset_version: number
  rule_id: string
  agent_id: string
  team_id: string
  started_at: DbTime
  outcome: string
  deduction: number
  severity: string | null
  /** The result's evidence array as JSON. */
  evidence: string
  scored_at: DbTime
}

export interface InsertRows {
  calls: CallInsertRow[]
  utterances: UtteranceInsertRow[]
  scorecards: ScorecardInsertRow[]
  ruleResults: RuleResultInsertRow[]
}

/** A scorecard as stored: it must say who took the call and when (the scorer copies these from the transcript). */
export type AttributedScorecard = Scorecard & { agentId: string; teamId: string; startedAt: string }

/** A CLI run saves each transcript with its scorecard; the transcript's row version is the scoring time. */
export function toInsertRows(items: readonly ScoredCall[]): InsertRows {
  const rows: InsertRows = { calls: [], utterances: [], scorecards: [], ruleResults: [] }
  for (const { transcript: t, scorecard: s } of items) {
    if (t.callId !== s.callId) throw new Error(`scorecard of call ${s.callId} paired with the transcript of call ${t.callId}`)
    // The transcript is the source of truth for who took the call and when; the scorecard's copies are optional.
    const card: AttributedScorecard = { ...s, agentId: t.agentId, teamId: t.teamId, startedAt: t.startedAt }
    appendTranscriptRows(rows, t, epochMs(s.scoredAt))
    appendScorecardRows(rows, card, null)
  }
  return rows
}

/**
 * Rows of a transcript. `version` orders re-deliveries and re-transcriptions: the newest version of a call wins,
 * and the same message delivered twice writes the same version.
 */
export function appendTranscriptRows(rows: Pick<InsertRows, 'calls' | 'utterances'>, t: Transcript, version: EpochMs): void {
  const startedAt = dbTimeOf(t.startedAt)
  const updatedAt = dbTime(version)
  rows.calls.push({
    call_id: t.callId,
    hotline: t.hotline,
    agent_id: t.agentId,
    agent_name: t.agentName,
    team_id: t.teamId,
    direction: t.direction,
    started_at: startedAt,
    ring_seconds: t.ringSeconds ?? null,
    duration_seconds: t.durationSeconds,
    hangup_by: t.hangupBy ?? null,
    customer_number: t.customerNumber ?? null,
    recording_uri: t.recording?.uri ?? null,
    recording_channels: t.recording ? JSON.stringify(t.recording.channels) : null,
    asr_engine: t.asr?.engine ?? null,
    asr_model: t.asr?.model ?? null,
    agent_max_dbfs: t.audio?.agent?.maxDbfs ?? null,
    customer_max_dbfs: t.audio?.customer?.maxDbfs ?? null,
    speaker_roles: t.roles ? JSON.stringify(t.roles) : null,
    updated_at: updatedAt,
  })
  t.utterances.forEach((u, idx) =>
    rows.utterances.push({
      call_id: t.callId,
      idx,
      speaker: u.speaker,
      start_ms: u.startMs,
      end_ms: u.endMs,
      text: u.text,
      started_at: startedAt,
      updated_at: updatedAt,
    }),
  )
}

export function appendScorecardRows(
  rows: Pick<InsertRows, 'scorecards' | 'ruleResults'>,
  s: AttributedScorecard,
  enteredAt: EpochMs | null,
): void {
  // Every row literal spells its columns out: spreading shared parts into them made this 7x slower, the sink's
  // costliest step.
  const startedAt = dbTimeOf(s.startedAt)
  const scoredAt = dbTimeOf(s.scoredAt)
  rows.scorecards.push({
    call_id: s.callId,
    ruleset_id: s.ruleset.id,
    ruleset_version: s.ruleset.version,
    agent_id: s.agentId,
    team_id: s.teamId,
    started_at: startedAt,
    score: s.score,
    fatal: s.fatal,
    agent_chars_per_minute: s.metrics.agentCharsPerMinute,
    overtalk_count: s.metrics.overtalkCount,
    overtalk_ms: s.metrics.overtalkMs ?? null,
    longest_agent_silence_ms: s.metrics.longestAgentSilenceMs,
    talk_ratio: s.metrics.talkRatio ?? null,
    scored_at: scoredAt,
    scorecard: JSON.stringify(s),
    entered_at: enteredAt === null ? null : dbTime(enteredAt),
    failed_rules: failedRules(s),
    roles_review: s.roles?.review ?? false,
  })
  for (const r of s.results) {
    rows.ruleResults.push({
      call_id: s.callId,
      ruleset_id: s.ruleset.id,
      ruleset_version: s.ruleset.version,
      rule_id: r.ruleId,
      agent_id: s.agentId,
      team_id: s.teamId,
      started_at: startedAt,
      outcome: r.outcome,
      deduction: r.deduction,
      severity: r.severity ?? null,
      evidence: JSON.stringify(r.evidence),
      scored_at: scoredAt,
    })
  }
}

function failedRules(s: Scorecard): string[] {
  return s.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId)
}

// Read rows. Counts are cast to UInt32 in SQL: a server quotes 64-bit integers in JSON, chdb does not.

export const AgentReportRow = z.object({
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string(),
  calls: z.number().int(),
  avgScore: z.number(),
  minScore: z.number(),
  fatalCalls: z.number().int(),
  /** Failed rules of the agent's calls, most frequent first: in how many calls each rule failed. */
  failedRules: z.array(z.object({ ruleId: z.string(), count: z.number().int() })),
  /** `null` when no call of the agent had a measurable speech rate. */
  avgAgentCharsPerMinute: z.number().nullable(),
  /** Sum over the agent's calls; calls where overtalk could not be measured count as 0. */
  overtalkCount: z.number().int(),
})
export type AgentReportRow = z.infer<typeof AgentReportRow>

export const CountRow = z.object({ count: z.number().int() })

/**
 * The scorecards and rule_results tables' rows as JSONCompactEachRow, UTF-8 bytes, built where the scorecards are
 * (scoring threads): bytes are copied to the main thread as they are and handed to the store without being encoded
 * there. Each row is an array of the columns below, in that order.
 */
export interface ScorecardRows {
  ruleResults: Uint8Array
  scorecards: Uint8Array
}

export const SCORECARD_COLUMNS = [
  'call_id', 'ruleset_id', 'ruleset_version', 'agent_id', 'team_id', 'started_at', 'score', 'fatal', 'agent_chars_per_minute',
  'overtalk_count', 'overtalk_ms', 'longest_agent_silence_ms', 'talk_ratio', 'scored_at', 'scorecard', 'entered_at', 'failed_rules',
  'roles_review',
] as const satisfies ReadonlyArray<keyof ScorecardInsertRow>

export const RULE_RESULT_COLUMNS = [
  'call_id', 'ruleset_id', 'ruleset_version', 'rule_id', 'agent_id', 'team_id', 'started_at', 'outcome', 'deduction', 'severity',
  'evidence', 'scored_at',
] as const satisfies ReadonlyArray<keyof RuleResultInsertRow>

/**
 * The rows appendScorecardRows makes, written as JSON arrays: re-scoring writes a million of them, and building row
 * objects to serialise cost more than scoring. Arrays rather than objects: ClickHouse then parses no column names, a
 * third of its cost of taking rule results. All rows go through one JSON.stringify, whose array's rows, separated by
 * commas, JSONCompactEachRow reads as rows (one stringify cost a third of building each row's text in JavaScript). The
 * JSON-valued columns (the scorecard, each result's evidence) go in as JSON values rather than strings of JSON:
 * ClickHouse reads an object or array into a String column as its text (input_format_json_read_objects_as_strings /
 * _arrays_as_strings, on by default since 23.x), so the stored text is the same and nothing is escaped twice (sent
 * as strings of JSON, ClickHouse parsed them ~30 µs a call faster and JavaScript spent about as much more escaping
 * them). tests/unit/rescore.test.ts holds the two to each other.
 */
export function scorecardRows(cards: readonly AttributedScorecard[]): ScorecardRows {
  const ruleResults: unknown[][] = []
  const scorecards: unknown[][] = []
  for (const s of cards) {
    const startedAt = dbTimeOf(s.startedAt)
    const scoredAt = dbTimeOf(s.scoredAt)
    const m = s.metrics
    scorecards.push([
      s.callId, s.ruleset.id, s.ruleset.version, s.agentId, s.teamId, startedAt, s.score, s.fatal, m.agentCharsPerMinute, m.overtalkCount,
      m.overtalkMs ?? null, m.longestAgentSilenceMs, m.talkRatio ?? null, scoredAt, s, null, failedRules(s), s.roles?.review ?? false,
    ])
    for (const r of s.results) {
      ruleResults.push([
        s.callId, s.ruleset.id, s.ruleset.version, r.ruleId, s.agentId, s.teamId, startedAt, r.outcome, r.deduction, r.severity ?? null,
        r.evidence, scoredAt,
      ])
    }
  }
  return { ruleResults: compactRows(ruleResults), scorecards: compactRows(scorecards) }
}

/** Rows as JSONCompactEachRow: the rows of one JSON array, comma-separated, ending in a newline (blocks concatenate). */
function compactRows(rows: unknown[][]): Uint8Array {
  return rows.length === 0 ? new Uint8Array() : encodeUtf8(`${JSON.stringify(rows).slice(1, -1)}\n`)
}

/**
 * A call as re-scoring reads it back (services/lib/clickhouse/rescore.ts): the newest version of its `calls` row with
 * the utterances of that version. Columns that older rows lack (migration 0007) are null.
 */
export type StoredCallRow = Omit<CallInsertRow, 'started_at' | 'updated_at'> & {
  started_ms: number
  /** [idx, speaker, startMs, endMs, text] sorted by idx; a copy of a row that no merge has removed yet repeats its idx. */
  utterances: Array<[number, string, number, number, string]>
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000

/**
 * SQL for a DateTime64(3) as ISO-8601 text with milliseconds, in UTC (`…Z`) or in the centre's time zone (`…+08:00`).
 * Not formatDateTime's %f, which prints 3 digits on 24.x and 6 from 25.x on.
 */
export function isoSql(column: string, zone: 'UTC' | 'Asia/Shanghai'): string {
  return `concat(replaceOne(toString(${column}, '${zone}'), ' ', 'T'), '${zone === 'UTC' ? 'Z' : '+08:00'}')`
}

/** An instant as ISO-8601 in the centre's time zone (Asia/Shanghai has no daylight saving). */
export function shanghaiIso(ms: EpochMs): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00')
}

const SPEAKER_SET: ReadonlySet<string> = new Set(SPEAKERS)
const DIRECTIONS: ReadonlySet<string> = new Set(callFields.direction.options)
const HANGUP_BY: ReadonlySet<string> = new Set(callFields.hangupBy.unwrap().options)

/**
 * The Transcript a stored call was saved from. Every writer validated it against the contract before storing it, and
 * the columns' types keep what it held (UInt32 times, Float64 durations, strings), so it is rebuilt as it is rather
 * than validated again: re-validating cost ~110 µs a call, more than scoring it. What a column's type cannot hold to
 * the contract is still checked, cheaply: the enum-valued strings, the channel map's JSON and the utterances'
 * timing (one pass), so a row written some other way is rejected with its reason, not scored wrongly.
 */
export function storedTranscript(row: StoredCallRow): Parsed<Transcript> {
  const problems: InputProblem[] = []
  const utterances: Transcript['utterances'] = []
  let lastIdx = -1
  for (const [idx, speaker, startMs, endMs, text] of row.utterances) {
    if (idx === lastIdx) continue // a copy of the row that no merge has removed yet
    lastIdx = idx
    if (!SPEAKER_SET.has(speaker)) problems.push({ path: `$.utterances[${utterances.length}].speaker`, message: `unknown speaker "${speaker}"` })
    utterances.push({ speaker: speaker as Speaker, startMs, endMs, text })
  }
  for (const p of timingProblems(utterances)) problems.push({ path: `$.utterances[${p.index}].${p.field}`, message: p.message })
  if (!DIRECTIONS.has(row.direction)) problems.push({ path: '$.direction', message: `unknown direction "${row.direction}"` })
  if (row.hangup_by !== null && !HANGUP_BY.has(row.hangup_by)) problems.push({ path: '$.hangupBy', message: `unknown value "${row.hangup_by}"` })
  let recording: Transcript['recording']
  if (row.recording_uri !== null) {
    const json = row.recording_channels === null ? undefined : parseJson(row.recording_channels)
    const channels = json && (json.ok ? validate(ChannelMap, json.value) : json)
    if (channels && !channels.ok) problems.push(...channels.problems.map((p) => ({ ...p, path: p.path.replace('$', '$.recording.channels') })))
    recording = { uri: row.recording_uri, channels: channels?.ok ? channels.value : DEFAULT_CHANNELS }
  }
  // A mono call's roles (JSON, rare): checked against the contract, as the scorer trusts them to tell who is who.
  const roles = row.speaker_roles === null ? undefined : parseJson(row.speaker_roles)
  const checkedRoles = roles && (roles.ok ? validate(SpeakerRoles, roles.value) : roles)
  if (checkedRoles && !checkedRoles.ok) problems.push(...checkedRoles.problems.map((p) => ({ ...p, path: p.path.replace('$', '$.roles') })))
  if (problems.length > 0) return { ok: false, problems }
  const transcript: Transcript = {
    callId: row.call_id,
    hotline: row.hotline,
    agentId: row.agent_id,
    agentName: row.agent_name,
    teamId: row.team_id,
    direction: row.direction as Transcript['direction'],
    startedAt: shanghaiIso(row.started_ms),
    durationSeconds: row.duration_seconds,
    utterances,
  }
  // Absent, not undefined: a transcript read back equals the one saved, key for key.
  if (row.ring_seconds !== null) transcript.ringSeconds = row.ring_seconds
  if (row.hangup_by !== null) transcript.hangupBy = row.hangup_by as NonNullable<Transcript['hangupBy']>
  if (row.customer_number !== null) transcript.customerNumber = row.customer_number
  if (recording) transcript.recording = recording
  if (row.asr_engine !== null && row.asr_model !== null) transcript.asr = { engine: row.asr_engine, model: row.asr_model }
  if (row.agent_max_dbfs !== null || row.customer_max_dbfs !== null) {
    transcript.audio = {}
    if (row.agent_max_dbfs !== null) transcript.audio.agent = { maxDbfs: row.agent_max_dbfs }
    if (row.customer_max_dbfs !== null) transcript.audio.customer = { maxDbfs: row.customer_max_dbfs }
  }
  if (checkedRoles?.ok) transcript.roles = checkedRoles.value
  return { ok: true, value: transcript }
}
