import { api, query } from '../api.js'
import { go } from '../app.js'
import { beijing, h, mount } from '../dom.js'
import { pager } from '../pager.js'
import { t } from '../i18n.js'

const PAGE = 100

// The append-only trail of every human decision: who did what to which call, appeal, settlement or account, when,
// and the state before and after. Filters live in the URL.
export async function render(main, { params }) {
  const filters = Object.fromEntries(params)
  const page = Math.max(0, Number(filters.page ?? 0))
  const { total, entries } = await api('GET', `/api/v1/audit${query({ ...filters, page: undefined, limit: PAGE, offset: page * PAGE })}`)
  const pages = Math.max(1, Math.ceil(total / PAGE))
  const setFilters = (next) => go(`#/audit${query({ ...filters, ...next })}`)
  const input = (name, label, attrs = {}) => h('label', {}, label, h('input', { name, value: filters[name] ?? '', ...attrs }))
  const form = h(
    'form',
    { class: 'filters', onsubmit: (e) => (e.preventDefault(), go(`#/audit${query(Object.fromEntries(new FormData(e.target)))}`)) },
    input('from', t.audit.from, { type: 'date' }),
    input('to', t.audit.to, { type: 'date' }),
    input('actor', t.audit.actor, { size: 10 }),
    h('label', {}, t.audit.action, h('select', { name: 'action' }, h('option', { value: '' }, t.audit.anyAction), Object.entries(t.audit.families).map(([value, text]) => h('option', { value, selected: filters.action === value }, text)))),
    input('target', t.audit.target, { size: 16 }),
    h('button', { type: 'submit' }, t.filters.apply),
  )
  const pretty = (json) => {
    try {
      return JSON.stringify(JSON.parse(json), null, 2)
    } catch {
      return json
    }
  }
  // The object an entry is about: an account, a month's settlement version, or a call.
  const link = (e) => {
    const settlement = /^settlement:(\d{4}-\d{2}):v(\d+)$/.exec(e.target)
    if (settlement) return h('a', { href: `#/settlements?month=${settlement[1]}&version=${settlement[2]}` }, e.target)
    if (e.action.startsWith('user.')) return h('a', { href: `#/audit?target=${encodeURIComponent(e.target)}` }, e.target)
    return h('a', { href: `#/call/${encodeURIComponent(e.target)}` }, e.target)
  }
  const table = h(
    'table',
    { class: 'grid audit' },
    h('thead', {}, h('tr', {}, [t.audit.at, t.audit.actor, t.audit.action, t.audit.target, t.audit.change].map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      entries.map((e) =>
        h(
          'tr',
          {},
          h('td', { class: 'nowrap' }, beijing(e.at)),
          h('td', {}, e.actor),
          h('td', {}, t.actions[e.action] ?? e.action),
          h('td', {}, link(e)),
          h('td', {}, h('details', {}, h('summary', {}, t.audit.details), h('div', { class: 'before-after' }, h('div', {}, h('h3', {}, t.audit.before), h('pre', {}, pretty(e.before))), h('div', {}, h('h3', {}, t.audit.after), h('pre', {}, pretty(e.after)))))),
        ),
      ),
    ),
  )
  mount(main, h('h1', {}, t.audit.title, h('small', {}, ` ${t.audit.total(total)}`)), form, h('div', { class: 'toolbar' }, pager(page, pages, (n) => setFilters({ page: n }))), entries.length ? h('div', { class: 'table-wrap' }, table) : h('p', { class: 'muted' }, t.audit.none))
}
