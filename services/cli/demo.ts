import { randomUUID } from 'node:crypto'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { hashPassword, ONE_TIME_PASSWORD_TTL_MS, oneTimePassword } from '../api/passwords.js'
import { buildReview } from '../api/routes/reviews.js'
import type { Store } from '../lib/clickhouse/store.js'
import { loadRuleset } from '../lib/rulesets/load.js'
import { demoCalls, DEMO_USERS } from './demo-calls.js'
import type { CliIo } from './io.js'

const DEMO_CALLS = 600

/**
 * `callqa serve --demo`: on the first run, demo accounts, demo calls scored by the default ruleset, and some of the
 * work people do on them (reviews, an open appeal, a calibration round), each audited like the real thing.
 */
export async function loadDemo(store: Store, io: CliIo): Promise<void> {
  if (await store.findUser(DEMO_USERS[0][0])) return
  const now = Date.now()
  const scorer = compileRuleset(loadRuleset())
  const calls = demoCalls(DEMO_CALLS, now)
  const scored = calls.map((transcript) => ({ transcript, scorecard: scoreTranscript(scorer, transcript, new Date(now).toISOString()) }))
  await store.saveScored(scored)

  const lines: string[] = []
  for (const [username, role, agentId, displayName] of DEMO_USERS) {
    const password = oneTimePassword()
    await store.saveUser({ username, displayName, role, agentId, passwordHash: await hashPassword(password), disabled: false, mustChangePassword: true, passwordExpiresAt: now + ONE_TIME_PASSWORD_TTL_MS })
    await store.appendAudit({ actor: 'system', action: 'user.create', target: username, before: null, after: { username, role, agentId } })
    lines.push(`  ${username.padEnd(12)} ${role.padEnd(11)} ${password}`)
  }

  // The inspector has worked through the oldest failed calls: most verdicts confirmed, every fifth overturned.
  const failed = scored.filter((s) => s.scorecard.results.some((r) => r.outcome === 'fail')).sort((a, b) => a.transcript.startedAt.localeCompare(b.transcript.startedAt))
  let reviewed = 0
  for (const { transcript, scorecard } of failed.slice(0, 40)) {
    const record = await store.callRecord(transcript.callId)
    if (!record) continue
    const decisions = scorecard.results
      .filter((r) => r.outcome === 'fail')
      .map((r, i) => (reviewed % 5 === 4 && i === 0 ? { ruleId: r.ruleId, verdict: 'overturned' as const, comment: '听录音核实，坐席已做到' } : { ruleId: r.ruleId, verdict: 'confirmed' as const, comment: '' }))
    const review = buildReview(record, 'inspector', { rulesetId: scorecard.ruleset.id, rulesetVersion: scorecard.ruleset.version, decisions, added: [], comment: '' }, 'qa', '', now)
    await store.saveReview(review)
    await store.appendAudit({ actor: 'inspector', action: 'review.save', target: review.callId, before: null, after: review })
    reviewed++

    const confirmed = review.decisions.find((d) => d.verdict === 'confirmed')
    if (transcript.agentId === 'A1001' && confirmed && !(await store.listAppeals({ agentId: 'A1001', limit: 1 })).length) {
      const appeal = {
        appealId: randomUUID(),
        callId: review.callId,
        ruleId: confirmed.ruleId,
        agentId: review.agentId,
        teamId: review.teamId,
        startedAt: review.startedAt,
        reviewer: review.reviewer,
        reason: '当时系统卡顿，我已经在后面补充说明了，请复听录音。',
        filedBy: 'agent',
        filedAt: new Date(now).toISOString(),
        status: 'open' as const,
        decidedBy: '',
        decisionComment: '',
        decidedAt: null,
      }
      await store.saveAppeal(appeal)
      await store.appendAudit({ actor: 'agent', action: 'appeal.file', target: appeal.callId, before: null, after: appeal })
    }
  }

  const round = { calibrationId: randomUUID(), callId: failed[failed.length - 1]!.transcript.callId, title: '本周校准', inspectors: ['inspector', 'inspector2', 'supervisor'], createdBy: 'supervisor', createdAt: new Date(now).toISOString() }
  await store.saveCalibration(round)
  await store.appendAudit({ actor: 'supervisor', action: 'calibration.create', target: round.callId, before: null, after: round })
  io.stderr.write(`${io.messages.demoLoaded(calls.length, lines.join('\n'))}\n`)
}
