import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { Scorecard } from '../../../pipelines/contracts/scorecard.js'
import { agreementReport } from '../../../pipelines/review/agreement.js'
import { CallRow, UtteranceRow } from '../../lib/clickhouse/queue.js'
import { CalibrationRow, ReviewRow } from '../../lib/clickhouse/reviews.js'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, Problem, shownCall, type Api, type RouteDeps } from '../deps.js'
import type { Claims } from '../tokens.js'
import { playerUrl, visibleCall } from './calls.js'
import { buildReview, ReviewBody } from './reviews.js'

/*
 * Calibration rounds: one call, reviewed blind by several inspectors. Blind means a participant sees neither the
 * review of record nor the others' reviews until every participant has submitted; then the agreement report is
 * open to them too. Supervisors and admins see everything at any time.
 */

const NewCalibration = z.object({
  callId: z.string().min(1).max(200),
  title: z.string().trim().min(1).max(200),
  inspectors: z.array(z.string().min(1).max(100)).min(2).max(20),
})
const CalibrationId = z.object({ calibrationId: z.uuid() })

const Report = z.object({
  reviewers: z.array(z.string()),
  rules: z.array(z.object({ ruleId: z.string(), verdicts: z.record(z.string(), z.enum(['confirmed', 'overturned'])), majority: z.enum(['confirmed', 'overturned']).nullable(), agreement: z.number() })),
  inspectors: z.array(z.object({ reviewer: z.string(), rules: z.number(), withMajority: z.number(), rate: z.number().nullable() })),
  fleissKappa: z.number().nullable(),
  scores: z.record(z.string(), z.number()),
})
const Summary = CalibrationRow.extend({ submitted: z.array(z.string()) })
const Round = z.object({
  calibration: Summary,
  call: CallRow.omit({ recordingUri: true }),
  audioUrl: z.string().nullable(),
  utterances: z.array(UtteranceRow),
  scorecard: Scorecard.nullable(),
  myReview: ReviewRow.nullable(),
  /** Present once everyone has submitted, or at once for supervisors and admins. */
  report: Report.nullable(),
})

export function calibrationRoutes(app: Api, deps: RouteDeps): void {
  const { store, allow } = deps

  const roundOf = async (calibrationId: string, claims: Claims) => {
    const [calibration] = await store.listCalibrations({ calibrationId })
    const participant = calibration?.inspectors.includes(claims.sub) ?? false
    if (!calibration || (claims.role === 'inspector' && !participant)) throw new HttpProblem(404, { zh: `没有校准任务 ${calibrationId}`, en: `no calibration round ${calibrationId}` })
    const reviews = (await store.reviewsOf(calibration.callId)).filter((r) => r.kind === 'calibration' && r.calibrationId === calibrationId)
    return { calibration, participant, reviews, summary: { ...calibration, submitted: reviews.map((r) => r.reviewer).sort() } }
  }

  app.post(
    '/api/v1/calibrations',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['calibration'], body: NewCalibration, response: { 201: CalibrationRow, 400: Problem } } },
    async (request, reply) => {
      const claims = claimsOf(request)
      const record = await visibleCall(deps, request.body.callId, claims)
      if (!record.scorecard) throw new HttpProblem(400, { zh: `通话 ${record.call.callId} 还没有机评结果，不能校准`, en: `call ${record.call.callId} has no scorecard to calibrate on` })
      const inspectors = [...new Set(request.body.inspectors)]
      for (const name of inspectors) {
        const user = await store.findUser(name)
        if (!user || user.disabled || (user.role !== 'inspector' && user.role !== 'supervisor')) throw new HttpProblem(400, { zh: `${name} 不是在用的质检员或主管`, en: `${name} is not an active inspector or supervisor` })
      }
      const calibration = { calibrationId: randomUUID(), callId: record.call.callId, title: request.body.title, inspectors, createdBy: claims.sub, createdAt: new Date(deps.now()).toISOString() }
      await store.saveCalibration(calibration)
      await store.appendAudit({ actor: claims.sub, action: 'calibration.create', target: calibration.callId, before: null, after: calibration })
      return reply.code(201).send(calibration)
    },
  )

  app.get(
    '/api/v1/calibrations',
    { onRequest: allow('inspector', 'supervisor', 'admin'), schema: { tags: ['calibration'], response: { 200: z.object({ calibrations: z.array(Summary) }) } } },
    async (request) => {
      const claims = claimsOf(request)
      const rounds = await store.listCalibrations(claims.role === 'inspector' ? { inspector: claims.sub } : {})
      const withSubmitted = await Promise.all(rounds.map(async (c) => (await roundOf(c.calibrationId, claims)).summary))
      return { calibrations: withSubmitted }
    },
  )

  app.get(
    '/api/v1/calibrations/:calibrationId',
    { onRequest: allow('inspector', 'supervisor', 'admin'), schema: { tags: ['calibration'], params: CalibrationId, response: { 200: Round, 404: Problem } } },
    async (request) => {
      const claims = claimsOf(request)
      const { calibration, reviews, summary } = await roundOf(request.params.calibrationId, claims)
      const record = await visibleCall(deps, calibration.callId, claims)
      const everyone = calibration.inspectors.every((name) => reviews.some((r) => r.reviewer === name))
      const open = everyone || claims.role !== 'inspector'
      return {
        calibration: summary,
        call: shownCall(record.call, claims),
        audioUrl: await playerUrl(record.call, deps),
        utterances: record.utterances,
        scorecard: record.scorecard ?? null,
        myReview: reviews.find((r) => r.reviewer === claims.sub) ?? null,
        report: open ? { ...agreementReport(reviews), scores: Object.fromEntries(reviews.map((r) => [r.reviewer, r.reviewedScore])) } : null,
      }
    },
  )

  app.post(
    '/api/v1/calibrations/:calibrationId/reviews',
    { onRequest: allow('inspector', 'supervisor'), schema: { tags: ['calibration'], params: CalibrationId, body: ReviewBody, response: { 201: ReviewRow, 403: Problem, 404: Problem } } },
    async (request, reply) => {
      const claims = claimsOf(request)
      const { calibration, participant, reviews } = await roundOf(request.params.calibrationId, claims)
      if (!participant) throw new HttpProblem(403, { zh: '您不在这次校准的质检员名单里', en: 'you are not one of this round’s inspectors' })
      const record = await visibleCall(deps, calibration.callId, claims)
      const review = buildReview(record, claims.sub, request.body, 'calibration', calibration.calibrationId, deps.now())
      await store.saveReview(review)
      await store.appendAudit({ actor: claims.sub, action: 'calibration.review', target: calibration.callId, before: reviews.find((r) => r.reviewer === claims.sub) ?? null, after: review })
      return reply.code(201).send(review)
    },
  )
}
