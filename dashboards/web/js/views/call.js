import { api } from '../api.js'
import { go, home, me, onKeys, showKeys } from '../app.js'
import { h, mount } from '../dom.js'
import { ruleName, t } from '../i18n.js'
import { resultsPanel, transcriptPanel } from './call-parts.js'
import { rolesPanel } from './roles.js'

export async function render(main, { arg: callId }) {
  const user = me()
  const page = await api('GET', `/api/v1/calls/${encodeURIComponent(callId)}`)
  const reload = () => render(main, { arg: callId })
  const { call, scorecard } = page
  const record = page.reviews[0]
  const underAppeal = page.appeals.length > 0
  const canReview = (user.role === 'inspector' || user.role === 'supervisor') && scorecard && !underAppeal
  const mine = page.reviews.find((r) => r.reviewer === user.username)

  const player = transcriptPanel(page.utterances, page.audioUrl)
  const results = scorecard
    ? resultsPanel(scorecard, {
        seek: player.seek,
        mark: player.mark,
        previous: mine ?? record,
        decide: canReview
          ? async (body) => {
              await api('POST', `/api/v1/calls/${encodeURIComponent(callId)}/reviews`, { rulesetId: scorecard.ruleset.id, rulesetVersion: scorecard.ruleset.version, ...body })
              setTimeout(reload, 400)
            }
          : undefined,
        extra: [reviewSummary(record), underAppeal && user.role !== 'agent' && h('p', { class: 'muted' }, t.call.underAppeal)],
      })
    : null

  const header = h(
    'div',
    { class: 'call-head' },
    h('button', { class: 'link', onclick: () => history.length > 1 ? history.back() : go(home()) }, t.call.back),
    h('h1', {}, call.callId),
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
    h('div', { class: 'call-layout' }, player.panel, h('div', { class: 'side' }, rolesPanel(scorecard, user, callId, reload), results?.panel, appealsPanel(page, user, callId, reload), historyPanel(page.history))),
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
  return h('p', { class: 'review-of-record' }, t.call.reviewOf(review.reviewer, review.reviewedAt.slice(0, 16).replace('T', ' ')), ' · ', `${t.call.reviewedScore} ${review.reviewedScore}`, review.comment && h('q', {}, review.comment))
}

function appealsPanel(page, user, callId, reload) {
  const record = page.reviews[0]
  const confirmed = (record?.decisions ?? []).filter((d) => d.verdict === 'confirmed' && !page.appeals.some((a) => a.ruleId === d.ruleId))
  const canFile = user.role === 'agent' && confirmed.length > 0
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
            status.textContent = [err.message, ...err.problems.map((p) => p.message)].join(' · ')
          }
        },
      },
      h('select', { name: 'ruleId' }, confirmed.map((d) => h('option', { value: d.ruleId }, ruleName(d.ruleId)))),
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
        status.textContent = [err.message, ...err.problems.map((p) => p.message)].join(' · ')
      }
    }
    return h(
      'li',
      { class: `appeal ${a.status}` },
      h('div', {}, h('strong', {}, ruleName(a.ruleId)), ' ', h('span', { class: `badge ${a.status}` }, t.appeals[a.status])),
      h('p', {}, a.filedBy, ': ', h('q', {}, a.reason)),
      a.decidedBy && h('p', {}, a.decidedBy, ': ', h('q', {}, a.decisionComment)),
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
    h('ol', { class: 'history' }, history.map((e) => h('li', {}, h('time', {}, e.at.slice(0, 19)), ' ', h('strong', {}, e.actor), ' ', t.actions[e.action] ?? e.action))),
  )
}
