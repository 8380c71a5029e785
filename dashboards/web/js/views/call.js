import { api, errorText } from '../api.js'
import { go, home, me, onKeys, reload, showKeys } from '../app.js'
import { beijing, h, mount } from '../dom.js'
import { ruleName, t } from '../i18n.js'
import { resultsPanel, standingText, transcriptPanel } from './call-parts.js'
import { QUEUE_KEY } from './queue.js'

/** The call after this one in the queue page it was opened from, if any. */
function nextInQueue(callId) {
  try {
    const { ids } = JSON.parse(sessionStorage.getItem(QUEUE_KEY) ?? '{}')
    const i = ids?.indexOf(callId) ?? -1
    return i >= 0 ? ids[i + 1] : undefined
  } catch {
    return undefined
  }
}

export async function render(main, { arg: callId }) {
  const user = me()
  const page = await api('GET', `/api/v1/calls/${encodeURIComponent(callId)}`)
  const { call, scorecard, outcome } = page
  const record = page.reviews[0]
  const underAppeal = page.appeals.length > 0
  const canReview = (user.role === 'inspector' || user.role === 'supervisor') && scorecard && !underAppeal
  const mine = page.reviews.find((r) => r.reviewer === user.username)
  const next = canReview ? nextInQueue(call.callId) : undefined

  const player = transcriptPanel(page.utterances, page.audioUrl)
  const results = scorecard
    ? resultsPanel(scorecard, {
        seek: player.seek,
        mark: player.mark,
        position: player.position,
        previous: mine ?? record,
        record,
        outcome,
        next,
        decide: canReview
          ? async (body, then) => {
              await api('POST', `/api/v1/calls/${encodeURIComponent(callId)}/reviews`, { rulesetId: scorecard.ruleset.id, rulesetVersion: scorecard.ruleset.version, ...body })
              if (then === 'next' && next) go(`#/call/${encodeURIComponent(next)}`)
              else setTimeout(reload, 400)
            }
          : undefined,
        extra: [reviewSummary(record), underAppeal && user.role !== 'agent' && h('p', { class: 'muted' }, t.call.underAppeal)],
      })
    : null

  const header = h(
    'div',
    { class: 'call-head' },
    h('button', { class: 'link', onclick: () => (history.length > 1 ? history.back() : go(home())) }, t.call.back),
    h('h1', {}, call.callId),
    outcome && h('p', { class: 'standing-now' }, h('strong', { class: 'now-score' }, `${t.call.score} ${outcome.score}`), ' ', h('span', { class: `badge status-${outcome.status}` }, t.call.status[outcome.status])),
    h(
      'dl',
      {},
      [
        [t.cols.time, call.startedAt.slice(0, 19)],
        [t.cols.agent, `${call.agentName} (${call.agentId})`],
        [t.cols.team, call.teamId],
        [t.cols.number, call.customerNumber ?? '—'],
        [t.call.duration, t.call.seconds(Math.round(call.durationSeconds))],
        [t.call.ring, call.ringSeconds === null ? '—' : t.call.seconds(call.ringSeconds)],
        [t.call.hangup, call.hangupBy ? (t.call[call.hangupBy] ?? call.hangupBy) : '—'],
        [t.call.reviewedScore, record ? record.reviewedScore : '—'],
      ].map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
  )

  mount(
    main,
    header,
    h('div', { class: 'call-layout' }, player.panel, h('div', { class: 'side' }, results?.panel, appealsPanel(page, user, callId), historyPanel(page.history))),
  )

  return onKeys({
    ' ': () => player.audio && (player.audio.paused ? player.audio.play() : player.audio.pause(), true),
    j: () => results?.next(),
    k: () => results?.prev(),
    c: () => canReview && results.choose('confirmed'),
    o: () => canReview && results.choose('overturned'),
    s: () => canReview && results.submit(),
    Escape: () => go(home()),
    '?': () => showKeys(t.keys.call),
  })
}

function reviewSummary(review) {
  if (!review) return h('p', { class: 'muted' }, t.call.noReview)
  return h('p', { class: 'review-of-record' }, t.call.reviewOf(review.reviewer, beijing(review.reviewedAt)), ' · ', `${t.call.reviewedScore} ${review.reviewedScore}`, review.comment && h('q', {}, review.comment))
}

function appealsPanel(page, user, callId) {
  const record = page.reviews[0]
  const appealed = new Set(page.appeals.map((a) => a.ruleId))
  // What the agent can appeal: the review of record's confirmed and added violations not yet appealed.
  const open = (page.outcome?.rules ?? []).filter((r) => r.verdict === 'confirmed' && !appealed.has(r.ruleId))
  const canFile = user.role === 'agent' && open.length > 0
  if (page.appeals.length === 0 && !canFile) return null
  const status = h('p', { role: 'status' })
  const fileForm =
    canFile &&
    h(
      'form',
      {
        class: 'appeal-form',
        onsubmit: async (e) => {
          e.preventDefault()
          const data = new FormData(e.target)
          try {
            await api('POST', `/api/v1/calls/${encodeURIComponent(callId)}/appeals`, { ruleId: data.get('ruleId'), reason: data.get('reason') })
            status.textContent = t.call.filed
            setTimeout(reload, 400)
          } catch (err) {
            status.textContent = errorText(err)
          }
        },
      },
      h('select', { name: 'ruleId' }, open.map((r) => h('option', { value: r.ruleId }, ruleName(r.ruleId)))),
      h('textarea', { name: 'reason', rows: 2, placeholder: t.call.appealReason, required: true, minlength: 5 }),
      h('button', { type: 'submit', class: 'primary' }, t.call.fileAppeal),
    )
  const items = page.appeals.map((a) => {
    const canDecide = user.role === 'supervisor' && a.status === 'open' && a.reviewer !== user.username
    const comment = h('input', { placeholder: t.call.decisionComment, class: 'comment' })
    const decide = async (decision) => {
      try {
        await api('POST', `/api/v1/appeals/${a.appealId}/decision`, { decision, comment: comment.value })
        setTimeout(reload, 300)
      } catch (err) {
        status.textContent = errorText(err)
      }
    }
    // The one deciding sees what the reviewer decided on this rule and why, beside what the agent says.
    const judged = (page.outcome?.rules ?? []).find((r) => r.ruleId === a.ruleId)
    return h(
      'li',
      { class: `appeal ${a.status}` },
      h('div', {}, h('strong', {}, ruleName(a.ruleId)), ' ', h('span', { class: `badge ${a.status}` }, t.appeals[a.status])),
      judged && h('p', { class: 'judged' }, `${t.call.reviewerSaid(a.reviewer)}：${standingText({ ...judged, appeal: null })}`, judged.comment && h('q', {}, judged.comment), record?.comment && h('span', { class: 'muted' }, ` · ${t.call.reviewComment}：${record.comment}`)),
      h('p', {}, a.filedBy, h('small', { class: 'muted' }, ` ${beijing(a.filedAt)}`), ': ', h('q', {}, a.reason)),
      a.decidedBy && h('p', {}, a.decidedBy, h('small', { class: 'muted' }, ` ${beijing(a.decidedAt)}`), ': ', h('q', {}, a.decisionComment)),
      canDecide && h('div', { class: 'decide' }, comment, h('button', { onclick: () => decide('upheld') }, t.call.uphold), h('button', { onclick: () => decide('rejected') }, t.call.reject)),
    )
  })
  return h('section', { class: 'panel' }, h('h2', {}, t.call.appeals), h('ul', { class: 'appeals' }, items), fileForm, status)
}

function historyPanel(history) {
  if (history.length === 0) return null
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, t.call.history),
    h('ol', { class: 'history' }, history.map((e) => h('li', {}, h('time', {}, beijing(e.at)), ' ', h('strong', {}, e.actor), ' ', t.actions[e.action] ?? e.action))),
  )
}
