import { api, session } from '../api.js'
import { go, me } from '../app.js'
import { h, mount } from '../dom.js'
import { lang, t } from '../i18n.js'
import { openingMonth } from '../month.js'

// The month's settlement for the meeting: compute a draft, read it, sign exactly what was read, print or export it.
export async function render(main, { params }) {
  const { month, note } = await openingMonth(params)
  const { versions } = await api('GET', `/api/v1/settlements/${month}`)
  const chosen = Number(params.get('version') ?? versions[0]?.version ?? 0)
  const current = chosen ? await api('GET', `/api/v1/settlements/${month}/${chosen}`) : null
  const status = h('p', { role: 'status' })
  const fail = (err) => (status.textContent = [err.message, ...(err.problems ?? []).map((p) => p.message)].join(' · '))

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
          h('td', {}, v.createdBy, h('small', {}, ` ${v.createdAt.slice(0, 16).replace('T', ' ')}`)),
          h('td', { class: 'num' }, v.totals.fines),
          h('td', { class: 'num' }, v.totals.rewards),
          h('td', { class: 'num' }, v.totals.net),
          h('td', {}, v.signedBy ?? ''),
        ),
      ),
    ),
  )
  mount(main, h('h1', {}, t.settle.title, h('small', {}, ` ${month}`)), note, picker, status, versions.length ? list : h('p', { class: 'muted' }, t.settle.none), current && versionView(current, versions[0]?.version, fail, status))
}

function versionView(saved, newest, fail, status) {
  const s = saved.settlement
  const base = `/api/v1/settlements/${saved.month}/${saved.version}`
  const canSign = me().role === 'supervisor' && saved.status === 'draft' && saved.version === newest
  const actions = h(
    'div',
    { class: 'toolbar' },
    canSign &&
      h('button', {
        class: 'primary',
        id: 'sign',
        onclick: () => {
          if (!confirm(t.settle.confirmSign(saved.month, saved.version))) return
          api('POST', `${base}/sign`, { digest: saved.digest }).then(() => location.reload(), fail)
        },
      }, t.settle.sign),
    h('button', { onclick: () => download(`${base}/print?lang=${lang}`, null).catch(fail) }, t.settle.print),
    h('button', { onclick: () => download(`${base}/export.xlsx?lang=${lang}`, `settlement-${saved.month}-v${saved.version}.xlsx`).catch(fail) }, 'XLSX'),
    h('button', { onclick: () => download(`${base}/export.csv?lang=${lang}`, `settlement-${saved.month}-v${saved.version}.csv`).catch(fail) }, 'CSV'),
    h('span', { class: 'muted' }, saved.status === 'signed' ? t.settle.signedNote(saved.signedBy, saved.signedAt.slice(0, 16).replace('T', ' ')) : t.settle.draftNote),
  )
  status.textContent = ''
  const rows = s.agents.map((a) =>
    h(
      'tr',
      {},
      h('td', {}, a.teamId),
      h('td', {}, `${a.agentName} (${a.agentId})`),
      h('td', { class: 'num' }, a.calls),
      h('td', { class: 'num' }, a.reviewedCalls),
      h('td', { class: 'num' }, a.averageScore ?? '—'),
      h('td', { class: 'num' }, a.confirmedViolations),
      h('td', { class: 'num' }, a.fatalViolations),
      h('td', { class: 'num' }, a.fines),
      h('td', { class: 'num' }, a.rewards),
      h('td', { class: `num ${a.net < 0 ? 'neg' : ''}` }, a.net),
    ),
  )
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, `v${saved.version}`),
    actions,
    h(
      'table',
      { class: 'grid' },
      h('thead', {}, h('tr', {}, [t.cols.team, t.cols.agent, t.settle.calls, t.settle.reviewed, t.settle.average, t.settle.confirmed, t.settle.fatal, t.settle.fines, t.settle.rewards, t.settle.net].map((c) => h('th', {}, c)))),
      h('tbody', {}, rows),
      h('tfoot', {}, h('tr', {}, h('th', { colspan: 7 }, t.settle.total), h('td', { class: 'num' }, s.totals.fines), h('td', { class: 'num' }, s.totals.rewards), h('td', { class: 'num' }, s.totals.net))),
    ),
  )
}

/** Downloads (or, without a file name, opens for printing) an authenticated export. */
async function download(path, filename) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${session.get().token}` } })
  if (!res.ok) throw new Error((await res.json()).error)
  const url = URL.createObjectURL(await res.blob())
  if (filename) h('a', { href: url, download: filename }).click()
  else window.open(url, '_blank')
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
