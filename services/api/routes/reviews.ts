import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { RULE_IDS } from '../../../pipelines/contracts/rule-ids.js'
import { AddedViolation, applyDecisions, Decision } from '../../../pipelines/review/decisions.js'
import type { CallRecord } from '../../lib/clickhouse/queue.js'
import { AppealRow, AppealStatus, ReviewRow } from '../../lib/clickhouse/reviews.js'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, ownAgentId, Problem, type Api, type RouteDeps } from '../deps.js'
import { visibleCall } from './calls.js'

export const ReviewBody = z.object({
  /** The scorecard being reviewed: a call re-scored since the page was opened is refused, not silently mixed. */
  rulesetId: z.string().min(1).max(100),
  rulesetVersion: z.number().int().min(1),
  decisions: z.array(Decision).max(RULE_IDS.length),
  /** Violations the machine missed (漏检), each with its evidence. */
  added: z.array(AddedViolation).max(RULE_IDS.length).default([]),
  comment: z.string().max(4000).default(''),
})
export type ReviewBody = z.infer<typeof ReviewBody>

const CallId = z.object({ callId: z.string().min(1).max(200) })
const AppealId = z.object({ appealId: z.uuid() })
const NewAppeal = z.object({ ruleId: z.enum(RULE_IDS), reason: z.string().trim().min(5, { error: 'say why, in at least 5 characters' }).max(2000) })
const Decide = z.object({ decision: z.enum(['upheld', 'rejected']), comment: z.string().trim().min(2, { error: 'a decision needs a comment' }).max(2000) })
const AppealQuery = z.object({ status: AppealStatus.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) })

const STATUS_ZH = { open: '待裁决', upheld: '裁定申诉成立', rejected: '驳回' } as const

function alreadyAppealed(ruleId: string, callId: string): HttpProblem {
  return new HttpProblem(409, { zh: `通话 ${callId} 的这条违规已经申诉过了`, en: `${ruleId} on call ${callId} has already been appealed` })
}

function alreadyDecided(appeal: AppealRow): HttpProblem {
  return new HttpProblem(409, { zh: `这条申诉已由 ${appeal.decidedBy} ${STATUS_ZH[appeal.status]}`, en: `this appeal was already ${appeal.status} by ${appeal.decidedBy}` })
}

/** A review of the call's current scorecard by this reviewer, or 400/409 saying what is wrong. */
export function buildReview(record: CallRecord, reviewer: string, body: ReviewBody, kind: ReviewRow['kind'], calibrationId: string, at: number): ReviewRow {
  const card = record.scorecard
  if (!card) throw new HttpProblem(409, { zh: `通话 ${record.call.callId} 还没有机评结果`, en: `call ${record.call.callId} has no scorecard yet` })
  if (card.ruleset.id !== body.rulesetId || card.ruleset.version !== body.rulesetVersion) {
    throw new HttpProblem(409, {
      zh: `通话 ${record.call.callId} 已按 ${card.ruleset.id} v${card.ruleset.version} 重新评分，请刷新后再复核`,
      en: `call ${record.call.callId} is now scored by ${card.ruleset.id} v${card.ruleset.version}; reload it before reviewing`,
    })
  }
  const outcome = applyDecisions(card, body.decisions, body.added)
  if (!outcome.ok) throw new HttpProblem(400, { zh: '复核内容有误', en: 'invalid review' }, outcome.problems)
  return {
    callId: record.call.callId,
    kind,
    calibrationId,
    reviewer,
    rulesetId: card.ruleset.id,
    rulesetVersion: card.ruleset.version,
    agentId: record.call.agentId,
    teamId: record.call.teamId,
    startedAt: card.startedAt ?? new Date(`${record.call.startedAt.replace(' ', 'T')}+08:00`).toISOString(),
    machineScore: card.score,
    reviewedScore: outcome.value.reviewedScore,
    fatal: outcome.value.fatal,
    decisions: outcome.value.decisions,
    added: outcome.value.added,
    comment: body.comment,
    reviewedAt: new Date(at).toISOString(),
  }
}

export function reviewRoutes(app: Api, deps: RouteDeps): void {
  const { store, allow } = deps

  app.post(
    '/api/v1/calls/:callId/reviews',
    { onRequest: allow('inspector', 'supervisor'), schema: { tags: ['reviews'], params: CallId, body: ReviewBody, response: { 201: ReviewRow, 400: Problem, 409: Problem } } },
    async (request, reply) => {
      const claims = claimsOf(request)
      const record = await visibleCall(deps, request.params.callId, claims)
      const appeals = await store.listAppeals({ callId: record.call.callId, limit: 1 })
      if (appeals.length > 0) throw new HttpProblem(409, { zh: `通话 ${record.call.callId} 正在申诉，复核结论不能再改`, en: `call ${record.call.callId} is under appeal; its review of record can no longer change` })
      const review = buildReview(record, claims.sub, request.body, 'qa', '', deps.now())
      const before = (await store.reviewsOf(record.call.callId)).find((r) => r.kind === 'qa' && r.reviewer === claims.sub) ?? null
      await store.saveReview(review)
      await store.appendAudit({ actor: claims.sub, action: 'review.save', target: review.callId, before, after: review })
      return reply.code(201).send(review)
    },
  )

  app.post(
    '/api/v1/calls/:callId/appeals',
    { onRequest: allow('agent'), schema: { tags: ['appeals'], params: CallId, body: NewAppeal, response: { 201: AppealRow, 404: Problem, 409: Problem } } },
    async (request, reply) => {
      const claims = claimsOf(request)
      const record = await visibleCall(deps, request.params.callId, claims)
      const { ruleId, reason } = request.body
      const [ofRecord] = (await store.reviewsOf(record.call.callId)).filter((r) => r.kind === 'qa')
      // A violation counts against the agent when the review of record confirmed it or added it.
      const counted = ofRecord && (ofRecord.decisions.some((d) => d.ruleId === ruleId && d.verdict === 'confirmed') || ofRecord.added.some((a) => a.ruleId === ruleId))
      if (!counted) {
        throw new HttpProblem(409, {
          zh: `通话 ${record.call.callId} 的这条规则不是已确认的违规，只有已确认的违规可以申诉`,
          en: `${ruleId} is not a confirmed violation on call ${record.call.callId}; only confirmed violations can be appealed`,
        })
      }
      const existing = await store.listAppeals({ callId: record.call.callId, limit: 100 })
      if (existing.some((a) => a.ruleId === ruleId)) throw alreadyAppealed(ruleId, record.call.callId)
      const appeal: AppealRow = {
        appealId: randomUUID(),
        callId: record.call.callId,
        ruleId,
        agentId: record.call.agentId,
        teamId: record.call.teamId,
        startedAt: ofRecord.startedAt,
        reviewer: ofRecord.reviewer,
        reason,
        filedBy: claims.sub,
        filedAt: new Date(deps.now()).toISOString(),
        status: 'open',
        decidedBy: '',
        decisionComment: '',
        decidedAt: null,
      }
      // Filed once per call and rule, also when the agent sends it several times at once (once.ts).
      await store.saveAppeal(appeal, `appeal-file:${appeal.callId}:${ruleId}`)
      const landed = (await store.listAppeals({ callId: appeal.callId, limit: 100 })).filter((a) => a.ruleId === ruleId)
      if (!landed.some((a) => a.appealId === appeal.appealId)) throw alreadyAppealed(ruleId, appeal.callId)
      await store.appendAudit({ actor: claims.sub, action: 'appeal.file', target: appeal.callId, before: null, after: appeal })
      return reply.code(201).send(appeal)
    },
  )

  app.get(
    '/api/v1/appeals',
    { onRequest: allow('agent', 'inspector', 'supervisor', 'admin'), schema: { tags: ['appeals'], querystring: AppealQuery, response: { 200: z.object({ appeals: z.array(AppealRow) }) } } },
    async (request) => {
      const claims = claimsOf(request)
      const scope = claims.role === 'agent' ? { agentId: ownAgentId(claims) } : {}
      const appeals = await store.listAppeals({ ...request.query, ...scope })
      // An inspector sees the appeals against their own reviews.
      return { appeals: claims.role === 'inspector' ? appeals.filter((a) => a.reviewer === claims.sub) : appeals }
    },
  )

  app.post(
    '/api/v1/appeals/:appealId/decision',
    { onRequest: allow('supervisor'), schema: { tags: ['appeals'], params: AppealId, body: Decide, response: { 200: AppealRow, 403: Problem, 404: Problem, 409: Problem } } },
    async (request) => {
      const claims = claimsOf(request)
      const [appeal] = await store.listAppeals({ appealId: request.params.appealId, limit: 1 })
      if (!appeal) throw new HttpProblem(404, { zh: `没有申诉 ${request.params.appealId}`, en: `no appeal ${request.params.appealId}` })
      if (appeal.reviewer === claims.sub) throw new HttpProblem(403, { zh: '这条违规是您确认的，申诉须由另一位主管裁决', en: 'you confirmed this violation; another supervisor must decide the appeal' })
      if (appeal.status !== 'open') throw alreadyDecided(appeal)
      const decided: AppealRow = { ...appeal, status: request.body.decision, decidedBy: claims.sub, decisionComment: request.body.comment, decidedAt: new Date(deps.now()).toISOString() }
      // Decided once, also when several supervisors decide at the same moment (once.ts): the one whose row landed.
      await store.saveAppeal(decided, `appeal-decision:${appeal.appealId}`)
      const [landed] = await store.listAppeals({ appealId: appeal.appealId, limit: 1 })
      if (landed?.decidedBy !== decided.decidedBy || Date.parse(landed.decidedAt ?? '') !== Date.parse(decided.decidedAt!)) throw alreadyDecided(landed ?? appeal)
      await store.appendAudit({ actor: claims.sub, action: 'appeal.decide', target: appeal.callId, before: appeal, after: decided })
      return decided
    },
  )
}
