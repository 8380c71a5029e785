import { api, errorText, session } from '../api.js'
import { go, me } from '../app.js'
import { beijing, h, mount } from '../dom.js'
import { lang, t } from '../i18n.js'
import { openingMonth } from '../month.js'

// The month's settlement for the meeting: compute a draft, read it (with what is still open), sign exactly what was
// read (with a reason when something is open), print or export it.
export async function render(main, { params }) {
  const { month, note } = await openingMonth(params)
  const { versions } = await api('GET', `/api/v1/settlements/${month}`)
  const chosen = Number(params.get('version') ?? versions[0]?.version ?? 0)
  const current = chosen ? await api('GET', `/api/v1/settlements/${month}/${chosen}`) : null
  const status = h('p', { role: 'status', class: 'error' })
  const fail = (err) => (status.textContent = errorText(err))

  const picker = h(
    'form',
    { class: 'filters', onsubmit: (e) => (e.preventDefault(), go(`#/settlements?month=${new FormData(e.target).get('month')}`)) },
    h('label', {}, t.settle.month, h('input', { type: 'month', name: 'month', value: month })),
    h('button', { type: 'submit' }, t.filters.apply),
    h('button', {
      type: 'button',
      class: 'primary',
      id: 'draft',
      onclick: () => api('POST', `/api/v1/settlements/${month}`).then((v) => go(`#/settlements?month=${month}&version=${v.version}`), fail),
    }, t.settle.draft),
  )
  const list = h(
    'table',
    { class: 'grid' },
    h('thead', {}, h('tr', {}, [t.settle.version, t.settle.status, t.settle.createdBy, t.settle.fines, t.settle.rewards, t.settle.net, t.settle.signedBy].map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      versions.map((v) =>
        h(
          'tr',
          { class: v.version === chosen ? 'chosen' : '', onclick: () => go(`#/settlements?month=${month}&version=${v.version}`) },
          h('td', {}, `v${v.version}`),
          h('td', {}, h('span', { class: `badge ${v.status === 'signed' ? 'pass' : 'open'}` }, v.status === 'draft' ? t.settle.draft_ : t.settle.signed)),
          h('td', {}, v.createdBy, h('small', {}, ` ${beijing(v.createdAt)}`)),
          h('td', { class: 'num' }, v.totals.fines),
          h('td', { class: 'num' }, v.totals.rewards),
          h('td', { class: 'num' }, v.totals.net),
          h('td', {}, v.signedBy ?? ''),
        ),
      ),
    ),
  )
  mount(
    main,
    h('h1', {}, t.settle.title, h('small', {}, ` ${month}`)),
    note,
    picker,
    status,
    versions.length ? h('div', { class: 'table-wrap' }, list) : h('p', { class: 'muted' }, t.settle.none),
    current && versionView(current, versions[0]?.version, fail),
  )
}

/** What a draft's sign-off would override, with the calls behind it. */
function warningsPanel(saved) {
  const checks = saved.settlement.checks
  if (saved.status !== 'draft' || saved.warnings.length === 0) return null
  const callLink = (callId) => h('a', { href: `#/call/${encodeURIComponent(callId)}` }, callId)
  return h(
    'section',
    { class: 'panel warnings', role: 'alert' },
    h('h2', {}, t.settle.warningsTitle),
    h('ul', {}, saved.warnings.map((w) => h('li', { dataset: { kind: w.kind } }, t.settle.warning[w.kind](w)))),
    checks?.openAppeals.length > 0 && h('p', {}, `${t.settle.openAppeal}：`, checks.openAppeals.map((a) => [callLink(a.callId), ' ']) ),
    checks?.unreviewedFatal.length > 0 && h('p', {}, `${t.settle.unreviewedFatal}：`, checks.unreviewedFatal.slice(0, 50).map((c) => [callLink(c.callId), ' '])),
  )
}

/** Signing: a plain confirmation for a clean draft; with warnings, the reason to sign anyway (audited). */
function signButton(saved, base, fail) {
  const sign = (override) => api('POST', `${base}/sign`, { digest: saved.digest, ...(override && { override }) }).then(() => location.reload(), fail)
  if (saved.warnings.length === 0) {
    return h('button', { class: 'primary', id: 'sign', onclick: () => confirm(t.settle.confirmSign(saved.month, saved.version)) && sign() }, t.settle.sign)
  }
  const reason = h('textarea', { name: 'reason', rows: 3, minlength: 10, maxlength: 1000, required: true })
  const dialog = h(
    'dialog',
    { id: 'override' },
    h(
      'form',
      { method: 'dialog', onsubmit: (e) => (e.submitter?.value === 'sign' ? (e.preventDefault(), dialog.close(), sign({ reason: reason.value.trim() })) : undefined) },
      h('p', {}, t.settle.confirmSign(saved.month, saved.version)),
      h('ul', {}, saved.warnings.map((w) => h('li', {}, t.settle.warning[w.kind](w)))),
      h('label', { class: 'block' }, t.settle.overrideLabel, reason),
      h('div', { class: 'buttons' }, h('button', { value: 'cancel', formnovalidate: true }, t.settle.cancel), h('button', { class: 'primary', value: 'sign', id: 'override-sign' }, t.settle.overrideSign)),
    ),
  )
  return [h('button', { class: 'primary', id: 'sign', onclick: () => dialog.showModal() }, t.settle.sign), dialog]
}

function versionView(saved, newest, fail) {
  const s = saved.settlement
  const base = `/api/v1/settlements/${saved.month}/${saved.version}`
  const canSign = me().role === 'supervisor' && saved.status === 'draft' && saved.version === newest
  const actions = h(
    'div',
    { class: 'toolbar' },
    canSign && signButton(saved, base, fail),
    h('button', { onclick: () => download(`${base}/print?lang=${lang}`, null).catch(fail) }, t.settle.print),
    h('button', { onclick: () => download(`${base}/export.xlsx?lang=${lang}`, `settlement-${saved.month}-v${saved.version}.xlsx`).catch(fail) }, 'XLSX'),
    h('button', { onclick: () => download(`${base}/export.csv?lang=${lang}`, `settlement-${saved.month}-v${saved.version}.csv`).catch(fail) }, 'CSV'),
    h('span', { class: 'muted' }, saved.status === 'signed' ? t.settle.signedNote(saved.signedBy, beijing(saved.signedAt)) : t.settle.draftNote),
  )
  const rows = s.agents.map((a) =>
    h(
      'tr',
      {},
      h('td', {}, a.teamId),
      h('td', {}, `${a.agentName} (${a.agentId})`, a.rewardWithheld && h('small', { class: 'withheld' }, ` ${t.settle.withheld(a.rewardWithheld.callIds.join(' '))}`)),
      h('td', { class: 'num' }, a.calls),
      h('td', { class: 'num' }, a.reviewedCalls),
      h('td', { class: 'num' }, a.averageScore === null ? '—' : a.averageScore.toFixed(1)),
      h('td', { class: 'num' }, a.confirmedViolations),
      h('td', { class: 'num' }, a.fatalViolations),
      h('td', { class: 'num' }, a.fines.toFixed(2)),
      h('td', { class: 'num' }, a.rewards.toFixed(2)),
      h('td', { class: `num ${a.net < 0 ? 'neg' : ''}` }, a.net.toFixed(2)),
    ),
  )
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, `v${saved.version}`),
    warningsPanel(saved),
    saved.signOff && h('p', { class: 'notice override-note' }, t.settle.overridden(saved.signedBy, saved.signOff.reason), ' (', saved.signOff.warnings.map((w) => t.settle.warning[w.kind](w)).join('；'), ')'),
    actions,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'grid' },
        h('thead', {}, h('tr', {}, [t.cols.team, t.cols.agent, t.settle.calls, t.settle.reviewed, t.settle.average, t.settle.confirmed, t.settle.fatal, t.settle.fines, t.settle.rewards, t.settle.net].map((c) => h('th', {}, c)))),
        h('tbody', {}, rows),
        h('tfoot', {}, h('tr', {}, h('th', { colspan: 7 }, t.settle.total), h('td', { class: 'num' }, s.totals.fines.toFixed(2)), h('td', { class: 'num' }, s.totals.rewards.toFixed(2)), h('td', { class: 'num' }, s.totals.net.toFixed(2)))),
      ),
    ),
    h('p', { class: 'muted' }, t.settle.scoreNote),
  )
}

/** Downloads (or, without a file name, opens for printing) an authenticated export. */
async function download(path, filename) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${session.get().token}`, 'accept-language': lang === 'zh' ? 'zh-CN' : 'en' } })
  if (!res.ok) throw new Error((await res.json()).error)
  const url = URL.createObjectURL(await res.blob())
  if (filename) h('a', { href: url, download: filename }).click()
  else window.open(url, '_blank')
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
