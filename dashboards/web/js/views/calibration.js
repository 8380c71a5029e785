import { api } from '../api.js'
import { me } from '../app.js'
import { h, mount } from '../dom.js'
import { ruleName, t } from '../i18n.js'
import { resultsPanel, transcriptPanel } from './call-parts.js'

// One blind calibration round: the call without anyone's review; the agreement report once everyone has scored.
export async function render(main, { arg: calibrationId }) {
  const user = me()
  const round = await api('GET', `/api/v1/calibrations/${encodeURIComponent(calibrationId)}`)
  const participant = round.calibration.inspectors.includes(user.username)
  const player = transcriptPanel(round.utterances, round.audioUrl)
  const results = round.scorecard
    ? resultsPanel(round.scorecard, {
        seek: player.seek,
        mark: player.mark,
        position: player.position,
        previous: round.myReview,
        decide: participant
          ? async (body) => {
              await api('POST', `/api/v1/calibrations/${encodeURIComponent(calibrationId)}/reviews`, { rulesetId: round.scorecard.ruleset.id, rulesetVersion: round.scorecard.ruleset.version, ...body })
              setTimeout(() => render(main, { arg: calibrationId }), 400)
            }
          : undefined,
      })
    : null
  mount(
    main,
    h('h1', {}, round.calibration.title, h('small', {}, ` ${round.call.callId} · ${t.calibrations.submitted} ${round.calibration.submitted.length} / ${round.calibration.inspectors.length}`)),
    round.report ? reportView(round.report) : h('p', { class: 'muted' }, t.calibrations.waiting),
    h('div', { class: 'call-layout' }, player.panel, h('div', { class: 'side' }, results?.panel)),
  )
}

function reportView(report) {
  const pct = (x) => (x === null ? '—' : `${Math.round(x * 100)}%`)
  return h(
    'section',
    { class: 'panel report' },
    h('p', {}, `${t.calibrations.kappa}: ${report.fleissKappa === null ? '—' : report.fleissKappa.toFixed(2)}`),
    h(
      'table',
      { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, t.appeals.rule), report.reviewers.map((r) => h('th', {}, r)), h('th', {}, t.calibrations.majority), h('th', {}, t.calibrations.agreement))),
      h(
        'tbody',
        {},
        report.rules.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, ruleName(r.ruleId)),
            report.reviewers.map((name) => h('td', { class: r.verdicts[name] ?? '' }, r.verdicts[name] ? (r.verdicts[name] === 'confirmed' ? t.call.confirm : t.call.overturn) : '—')),
            h('td', {}, r.majority ? (r.majority === 'confirmed' ? t.call.confirm : t.call.overturn) : '—'),
            h('td', { class: 'num' }, pct(r.agreement)),
          ),
        ),
      ),
      h('tfoot', {}, h('tr', {}, h('th', {}, t.call.reviewedScore), report.reviewers.map((name) => h('td', { class: 'num' }, report.scores[name] ?? '—')), h('td'), h('td'))),
    ),
    h('h3', {}, t.calibrations.perInspector),
    h('ul', {}, report.inspectors.map((i) => h('li', {}, `${i.reviewer}: ${pct(i.rate)} (${i.withMajority}/${i.rules})`))),
  )
}
