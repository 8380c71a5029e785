import { z } from 'zod'
import { Scorecard } from '../../../pipelines/contracts/scorecard.js'
import { swapRoles } from '../../../pipelines/diarization/swap.js'
import { scoreTranscript, type Scorer } from '../../../pipelines/scoring/score.js'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, Problem, type Api, type RouteDeps } from '../deps.js'
import { visibleCall } from './calls.js'

/*
 * The roles of a mono call, set right by an inspector: agent and customer swapped, the call scored again by the
 * workspace's ruleset (it must be the one that scored it), and the swap appended to the audit log. Only calls whose
 * roles were inferred from one channel can be swapped, and only before anyone reviewed them.
 */

const CallId = z.object({ callId: z.string().min(1).max(200) })
const Swap = z.object({
  /** The scorecard the inspector looked at: a swap against a newer one (someone swapped meanwhile) is refused. */
  scoredAt: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(1).max(500),
})

export function roleRoutes(app: Api, deps: RouteDeps & { scorer: Scorer }): void {
  const { store, allow, scorer } = deps
  // One swap of a call at a time in this process: the check and the write must not interleave.
  const busy = new Set<string>()

  app.post(
    '/api/v1/calls/:callId/roles/swap',
    {
      onRequest: allow('inspector', 'supervisor', 'admin'),
      schema: { tags: ['calls'], params: CallId, body: Swap, response: { 200: Scorecard, 404: Problem, 409: Problem } },
    },
    async (request) => {
      const claims = claimsOf(request)
      const { callId } = request.params
      if (busy.has(callId)) throw new HttpProblem(409, `the roles of call ${callId} are being swapped right now; reload the call`)
      busy.add(callId)
      try {
        const record = await visibleCall(deps, callId, claims)
        const card = record.scorecard
        if (!card) throw new HttpProblem(409, `call ${callId} is not scored yet`)
        if (!card.roles) throw new HttpProblem(409, `the roles of call ${callId} come from the recording's channels: there is nothing to swap`)
        if (card.scoredAt !== request.body.scoredAt) throw new HttpProblem(409, `call ${callId} was scored again meanwhile; reload it before swapping`)
        if (card.ruleset.id !== scorer.ruleset.id || card.ruleset.version !== scorer.ruleset.version) {
          throw new HttpProblem(409, `call ${callId} is scored by ${card.ruleset.id} v${card.ruleset.version}, but the workspace scores with ${scorer.ruleset.id} v${scorer.ruleset.version} (callqa serve --ruleset)`)
        }
        if ((await store.reviewsOf(callId)).length > 0) throw new HttpProblem(409, `call ${callId} has been reviewed already: its roles can no longer be swapped`)
        const transcript = await store.storedTranscript(callId)
        if (!transcript?.roles) throw new HttpProblem(409, `the stored transcript of call ${callId} has no inferred roles`)
        const swapped = swapRoles(transcript, claims.sub)
        swapped.roles!.reasons.push(`理由：${request.body.reason}`)
        const scored = scoreTranscript(scorer, swapped, new Date(Math.max(deps.now(), Date.parse(card.scoredAt) + 1)).toISOString())
        await store.saveScored([{ transcript: swapped, scorecard: scored }])
        await store.appendAudit({
          actor: claims.sub,
          action: 'call.roles.swap',
          target: callId,
          before: { roles: card.roles, score: card.score },
          after: { roles: scored.roles, score: scored.score, reason: request.body.reason },
        })
        return scored
      } finally {
        busy.delete(callId)
      }
    },
  )
}
