import { api, query } from '../api.js'
import { go } from '../app.js'
import { beijing, h, mount } from '../dom.js'
import { ruleName, t } from '../i18n.js'

export async function render(main, { params }) {
  const status = params.get('status') ?? 'open'
  const { appeals } = await api('GET', `/api/v1/appeals${query({ status: status === 'all' ? undefined : status })}`)
  const tabs = h(
    'nav',
    { class: 'tabs' },
    ['open', 'upheld', 'rejected', 'all'].map((s) => h('a', { href: `#/appeals?status=${s}`, class: s === status ? 'active' : '' }, s === 'all' ? t.filters.all : t.appeals[s])),
  )
  const table = h(
    'table',
    { class: 'grid' },
    h('thead', {}, h('tr', {}, [t.appeals.call, t.cols.agent, t.appeals.rule, t.appeals.reason, t.appeals.filedBy, t.appeals.reviewer, t.appeals.status, t.appeals.decidedBy].map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      appeals.map((a) =>
        h(
          'tr',
          { tabindex: 0, onclick: () => go(`#/call/${encodeURIComponent(a.callId)}`), onkeydown: (e) => e.key === 'Enter' && go(`#/call/${encodeURIComponent(a.callId)}`) },
          h('td', {}, a.callId),
          h('td', {}, a.agentId),
          h('td', {}, ruleName(a.ruleId)),
          h('td', {}, a.reason),
          h('td', {}, a.filedBy, h('small', {}, ` ${beijing(a.filedAt)}`)),
          h('td', {}, a.reviewer),
          h('td', {}, h('span', { class: `badge ${a.status}` }, t.appeals[a.status])),
          h('td', {}, a.decidedBy),
        ),
      ),
    ),
  )
  mount(main, h('h1', {}, t.appeals.title), tabs, appeals.length ? h('div', { class: 'table-wrap' }, table) : h('p', { class: 'muted' }, t.appeals.none))
}
