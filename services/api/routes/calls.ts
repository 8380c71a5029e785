import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { z } from 'zod'
import { Scorecard } from '../../../pipelines/contracts/scorecard.js'
import { RULE_IDS } from '../../../pipelines/contracts/rule-ids.js'
import { callOutcome } from '../../../pipelines/review/outcome.js'
import { openableRecording } from '../../lib/audio/recording-path.js'
import { CallRow, QueueRow, UtteranceRow, type CallRecord } from '../../lib/clickhouse/queue.js'
import { AppealRow, ReviewRow } from '../../lib/clickhouse/reviews.js'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, ownAgentId, Problem, shownCall, shownNumber, type Api, type RouteDeps } from '../deps.js'
import { checkMedia, signMedia, type Claims } from '../tokens.js'

const IsoDate = z.iso.date().or(z.iso.datetime({ offset: true }))
const CallId = z.object({ callId: z.string().min(1).max(200) })

const QueueQuery = z.object({
  view: z.enum(['queue', 'all']).default('queue'),
  status: z.enum(['pending', 'reviewed']).optional(),
  agentId: z.string().max(200).optional(),
  teamId: z.string().max(200).optional(),
  ruleId: z.enum(RULE_IDS).optional(),
  assignee: z.string().max(100).optional(),
  reason: z.enum(['fatal', 'failed', 'sample', 'pass']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  minScore: z.coerce.number().min(0).max(100).optional(),
  maxScore: z.coerce.number().min(0).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
})

const MediaQuery = z.object({ exp: z.coerce.number().int().optional(), sig: z.string().max(100).optional() })

const HistoryEntry = z.object({ at: z.string(), actor: z.string(), action: z.string(), before: z.string(), after: z.string() })

const Outcome = z.object({
  status: z.enum(['machine', 'reviewed', 'under-appeal', 'appealed']),
  score: z.number(),
  fatal: z.boolean(),
  rules: z.array(
    z.object({
      ruleId: z.string(),
      source: z.enum(['machine', 'inspector']),
      verdict: z.enum(['confirmed', 'overturned']).nullable(),
      appeal: z.enum(['open', 'upheld', 'rejected']).nullable(),
      counts: z.boolean(),
      deduction: z.number(),
      machineDeduction: z.number().optional(),
      fatal: z.boolean(),
      comment: z.string(),
    }),
  ),
})

const CallPage = z.object({
  call: CallRow.omit({ recordingUri: true }),
  /** A signed URL of the recording for the page's player; null when there is none the workspace can play. */
  audioUrl: z.string().nullable(),
  utterances: z.array(UtteranceRow),
  scorecard: Scorecard.nullable(),
  /** The review of record first; an agent sees only that one. */
  reviews: z.array(ReviewRow),
  appeals: z.array(AppealRow),
  /** Where the call stands now, rule by rule (pipelines/review/outcome.ts); null before it is scored. */
  outcome: Outcome.nullable(),
  history: z.array(HistoryEntry),
})

const Assign = z.object({ callIds: z.array(z.string().min(1).max(200)).min(1).max(500), inspector: z.string().max(100) })

/** Audio types a browser plays; anything else is sent as bytes. */
const AUDIO_MIME: Record<string, string> = { '.wav': 'audio/wav', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.opus': 'audio/ogg', '.m4a': 'audio/mp4', '.aac': 'audio/aac', '.flac': 'audio/flac', '.webm': 'audio/webm' }

export function callRoutes(app: Api, deps: RouteDeps): void {
  const { store, allow } = deps

  app.get(
    '/api/v1/calls',
    {
      onRequest: allow('agent', 'inspector', 'supervisor', 'admin'),
      schema: { tags: ['calls'], querystring: QueueQuery, response: { 200: z.object({ total: z.number(), calls: z.array(QueueRow) }) } },
    },
    async (request) => {
      const claims = claimsOf(request)
      const query = { ...request.query }
      if (claims.role === 'agent') query.agentId = ownAgentId(claims)
      const { total, calls } = await store.reviewQueue(query, deps.sampling)
      return { total, calls: calls.map((c) => ({ ...c, customerNumber: shownNumber(c.customerNumber, claims) })) }
    },
  )

  app.get(
    '/api/v1/calls/:callId',
    { onRequest: allow('agent', 'inspector', 'supervisor', 'admin'), schema: { tags: ['calls'], params: CallId, response: { 200: CallPage, 404: Problem } } },
    async (request) => {
      const claims = claimsOf(request)
      const record = await visibleCall(deps, request.params.callId, claims)
      const [reviews, appeals, history, audioUrl, rounds] = await Promise.all([
        store.reviewsOf(record.call.callId),
        store.listAppeals({ callId: record.call.callId, limit: 100 }),
        store.auditLog({ target: record.call.callId, limit: 200 }),
        playerUrl(record.call, deps),
        claims.role === 'inspector' ? store.listCalibrations({ inspector: claims.sub }) : Promise.resolve([]),
      ])
      const qa = reviews.filter((r) => r.kind === 'qa')
      // An inspector in an unfinished calibration round of this call judges it blind: no one else's verdict, here
      // or in the history, until everyone in the round has submitted.
      const blind = rounds.some(
        (round) => round.callId === record.call.callId && !round.inspectors.every((name) => reviews.some((r) => r.kind === 'calibration' && r.calibrationId === round.calibrationId && r.reviewer === name)),
      )
      const view = viewOf(claims, blind)
      return {
        call: shownCall(record.call, claims),
        audioUrl,
        utterances: record.utterances,
        scorecard: record.scorecard ?? null,
        reviews: view === 'agent' ? qa.slice(0, 1) : view === 'blind' ? qa.filter((r) => r.reviewer === claims.sub) : qa,
        appeals: view === 'blind' ? [] : appeals,
        outcome: record.scorecard ? callOutcome(record.scorecard, view === 'blind' ? undefined : qa[0], view === 'blind' ? [] : appeals) : null,
        history: historyFor(history.entries, view, claims.sub, qa[0]),
      }
    },
  )

  // Range requests let the player seek to a rule's evidence without downloading the whole recording first. The
  // player's signed URL or a bearer token admits the request; either way only a recording inside the folder is read.
  app.get('/api/v1/calls/:callId/audio', { schema: { tags: ['calls'], params: CallId, querystring: MediaQuery } }, async (request, reply) => {
    const { callId } = request.params
    const { exp, sig } = request.query
    let record: CallRecord | undefined
    if (sig !== undefined && exp !== undefined) {
      if (!checkMedia(callId, exp, sig, deps.secret, deps.now())) throw new HttpProblem(401, { zh: '录音链接已过期，请刷新通话页面', en: 'this audio link has expired; reload the call page' })
      record = await store.callRecord(callId)
    } else {
      await allow('agent', 'inspector', 'supervisor', 'admin')(request)
      record = await visibleCall(deps, callId, claimsOf(request))
    }
    const path = record === undefined ? undefined : await recordingPath(record.call, deps)
    if (path === undefined) throw new HttpProblem(404, { zh: '这通电话没有可以播放的录音', en: 'this call has no recording the workspace can play' })
    const { size } = await stat(path)
    const range = parseRange(request.headers.range, size)
    if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${size}`).send()
    reply.header('accept-ranges', 'bytes').header('content-type', AUDIO_MIME[extname(path).toLowerCase()] ?? 'application/octet-stream')
    if (range === undefined) return reply.header('content-length', size).send(createReadStream(path))
    return reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', range.end - range.start + 1)
      .send(createReadStream(path, range))
  })

  app.post(
    '/api/v1/assignments',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['calls'], body: Assign, response: { 200: z.object({ assigned: z.number() }) } } },
    async (request) => {
      const { callIds, inspector } = request.body
      const known = await store.knownCallIds(callIds)
      const unknown = callIds.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id))
      if (unknown.length > 0) {
        throw new HttpProblem(
          400,
          { zh: `有 ${unknown.length} 个通话编号不存在`, en: `${unknown.length} of these call ids are not in the store` },
          unknown.slice(0, 20).map(({ id, i }) => ({ path: `$.callIds[${i}]`, message: { zh: `没有通话 ${id}`, en: `no call ${id}` } })),
        )
      }
      if (inspector !== '') {
        const user = await store.findUser(inspector)
        if (!user || user.disabled || (user.role !== 'inspector' && user.role !== 'supervisor')) throw new HttpProblem(400, { zh: `${inspector} 不是在用的质检员或主管`, en: `${inspector} is not an active inspector or supervisor` })
      }
      const at = deps.now()
      await store.assignCalls(callIds, inspector, claimsOf(request).sub, at)
      for (const callId of callIds) {
        await store.appendAudit({ actor: claimsOf(request).sub, action: inspector === '' ? 'call.unassign' : 'call.assign', target: callId, before: null, after: { inspector } })
      }
      return { assigned: callIds.length }
    },
  )
}

type HistoryView = 'agent' | 'blind' | 'inspector' | 'all'

function viewOf(claims: Claims, blind: boolean): HistoryView {
  if (claims.role === 'agent') return 'agent'
  if (claims.role === 'inspector') return blind ? 'blind' : 'inspector'
  return 'all'
}

/**
 * The call's audit trail as this reader may see it. Supervisors and admins: everything. Inspectors: all but the
 * calibration rounds (blind practice, shown on the round's own page). An inspector judging the call blind: only
 * their own entries and assignments. An agent: when the review of record was made and their appeals, without the
 * states before and after (which would show superseded reviews).
 */
export function historyFor(entries: ReadonlyArray<{ at: string; actor: string; action: string; target: string; before: string; after: string }>, view: HistoryView, me: string, ofRecord: ReviewRow | undefined) {
  const shown = entries.filter((e) => {
    if (view === 'all') return true
    if (view === 'inspector') return !e.action.startsWith('calibration.')
    if (view === 'blind') return e.actor === me || e.action.startsWith('call.')
    if (e.action.startsWith('appeal.')) return true
    return e.action === 'review.save' && ofRecord !== undefined && e.actor === ofRecord.reviewer && e === entries.find((x) => x.action === 'review.save' && x.actor === ofRecord.reviewer)
  })
  return shown.map(({ target: _t, before, after, ...entry }) => (view === 'agent' ? { ...entry, before: '', after: '' } : { ...entry, before, after }))
}

/** A signed link to the call's recording for the page's player, or null when there is none the workspace can play. */
export async function playerUrl(call: CallRecord['call'], deps: RouteDeps): Promise<string | null> {
  return (await recordingPath(call, deps)) === undefined ? null : mediaUrl(call.callId, deps)
}

function recordingPath(call: CallRecord['call'], deps: RouteDeps): Promise<string | undefined> {
  return call.recordingUri === null ? Promise.resolve(undefined) : openableRecording(call.recordingUri, deps.recordingsDir)
}

function mediaUrl(callId: string, deps: RouteDeps): string {
  const { exp, sig } = signMedia(callId, deps.secret, deps.now())
  return `/api/v1/calls/${encodeURIComponent(callId)}/audio?exp=${exp}&sig=${sig}`
}

/** The call if this caller may see it; an agent asking for someone else's call gets the same 404 as for none. */
export async function visibleCall(deps: Pick<RouteDeps, 'store'>, callId: string, claims: Claims): Promise<CallRecord> {
  const record = await deps.store.callRecord(callId)
  if (!record || (claims.role === 'agent' && record.call.agentId !== ownAgentId(claims))) throw new HttpProblem(404, { zh: `没有通话 ${callId}`, en: `no call ${callId}` })
  return record
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; several ranges are answered with the whole file. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  const [first, last] = [match[1]!, match[2]!]
  const start = first === '' ? Math.max(0, size - Number(last)) : Number(first)
  const end = first === '' || last === '' ? size - 1 : Math.min(Number(last), size - 1)
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}
