import { api, errorText, query } from '../api.js'
import { go, me, onKeys, reload, showKeys } from '../app.js'
import { h, mount } from '../dom.js'
import { pager } from '../pager.js'
import { RULE_IDS, ruleName, t } from '../i18n.js'

const PAGE = 50

/** The calls this queue page lists, in order, for the call page's "submit and open the next call". */
export const QUEUE_KEY = 'callqa.queue'

// The review queue (and an agent's own calls): filters live in the URL, so a reload or a shared link keeps them.
export async function render(main, { name, params }) {
  const user = me()
  const agentView = name === 'mine'
  const filters = Object.fromEntries(params)
  const page = Math.max(0, Number(filters.page ?? 0))
  const view = agentView ? 'all' : (filters.view ?? 'queue')
  // The queue opens on what still needs a review; 全部 shows the reviewed ones too.
  const status = agentView ? 'all' : (filters.status ?? (view === 'queue' ? 'pending' : 'all'))
  const request = { ...filters, page: undefined, view, status: status === 'all' ? undefined : status, limit: PAGE, offset: page * PAGE }
  const [{ total, calls }, users] = await Promise.all([
    api('GET', `/api/v1/calls${query(request)}`),
    user.role === 'supervisor' || user.role === 'admin' ? api('GET', '/api/v1/users').then((r) => r.users) : Promise.resolve([]),
  ])
  const pages = Math.max(1, Math.ceil(total / PAGE))
  const setFilters = (next) => go(`#/${name}${query({ ...filters, ...next })}`)

  const field = (key, label, attrs = {}) => h('label', {}, label, h('input', { name: key, value: filters[key] ?? '', ...attrs }))
  const select = (key, label, options) =>
    h('label', {}, label, h('select', { name: key }, options.map(([value, text]) => h('option', { value, selected: (filters[key] ?? '') === value }, text))))
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault()
        const data = Object.fromEntries(new FormData(e.target))
        if (data.mine !== undefined) data.assignee = user.username
        delete data.mine
        setFilters({ ...Object.fromEntries(Object.keys(filters).map((k) => [k, undefined])), ...data, page: undefined })
      },
    },
    field('from', t.filters.from, { type: 'date' }),
    field('to', t.filters.to, { type: 'date' }),
    !agentView && field('teamId', t.filters.team, { size: 8 }),
    !agentView && field('agentId', t.filters.agent, { size: 8 }),
    select('ruleId', t.filters.rule, [['', t.filters.anyRule], ...RULE_IDS.map((id) => [id, ruleName(id)])]),
    field('minScore', t.filters.minScore, { type: 'number', min: 0, max: 100, size: 4 }),
    field('maxScore', t.filters.maxScore, { type: 'number', min: 0, max: 100, size: 4 }),
    !agentView && h('label', {}, t.filters.status, h('select', { name: 'status' }, [['pending', t.filters.pending], ['reviewed', t.filters.reviewed], ['all', t.filters.all]].map(([value, text]) => h('option', { value, selected: status === value }, text)))),
    !agentView && select('reason', t.filters.reason, [['', t.filters.anyReason], ...['fatal', 'failed', 'sample'].map((r) => [r, t.reasons[r]])]),
    !agentView && select('view', t.filters.view, [['queue', t.filters.queueView], ['all', t.filters.allView]]),
    !agentView && user.role !== 'admin' && h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'mine', checked: filters.assignee === user.username }), t.filters.mine),
    h('button', { type: 'submit' }, t.filters.apply),
  )

  const canAssign = users.length > 0
  const selected = new Set()
  const said = h('span', { class: 'muted', role: 'status' })
  sessionStorage.setItem(QUEUE_KEY, JSON.stringify({ back: location.hash, ids: calls.map((c) => c.callId) }))
  const rows = calls.map((c, i) =>
    h(
      'tr',
      { tabindex: 0, dataset: { index: i, callId: c.callId }, class: `reason-${c.reason}`, onclick: (e) => e.target.type !== 'checkbox' && go(`#/call/${encodeURIComponent(c.callId)}`) },
      canAssign && h('td', {}, h('input', { type: 'checkbox', 'aria-label': c.callId, onchange: (e) => (e.target.checked ? selected.add(c.callId) : selected.delete(c.callId)) })),
      h('td', {}, c.startedAt.slice(0, 16)),
      h('td', {}, `${c.agentName || c.agentId}`, h('small', {}, ` ${c.agentId}`)),
      h('td', { class: 'wide' }, c.teamId),
      h('td', { class: 'num' }, c.score),
      h('td', { class: 'num' }, c.reviewedScore ?? '—'),
      h('td', {}, c.failedRules.map((r) => h('span', { class: 'chip' }, ruleName(r)))),
      h('td', {}, h('span', { class: `badge ${c.reason}` }, t.reasons[c.reason])),
      !agentView && h('td', { class: 'wide' }, c.assignee ?? ''),
      h('td', { class: 'wide' }, c.customerNumber ?? ''),
    ),
  )
  const table = h(
    'table',
    { class: 'grid queue' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        canAssign && h('th', {}),
        [t.cols.time, t.cols.agent].map((c) => h('th', {}, c)),
        h('th', { class: 'wide' }, t.cols.team),
        [t.cols.score, t.cols.reviewed, t.cols.failed, t.cols.reason].map((c) => h('th', {}, c)),
        !agentView && h('th', { class: 'wide' }, t.cols.assignee),
        h('th', { class: 'wide' }, t.cols.number),
      ),
    ),
    h('tbody', {}, rows),
  )
  const assign = canAssign && h(
    'form',
    {
      class: 'assign',
      onsubmit: async (e) => {
        e.preventDefault()
        const inspector = new FormData(e.target).get('inspector')
        if (selected.size === 0) return void (said.textContent = t.queue.pickCalls)
        if (!inspector) return void (said.textContent = t.queue.pickInspector)
        try {
          await api('POST', '/api/v1/assignments', { callIds: [...selected], inspector })
          // The list shows the new assignee at once; the line says what was done.
          const done = t.queue.assigned(selected.size, inspector)
          await reload()
          document.querySelector('.toolbar [role=status]')?.replaceChildren(done)
        } catch (err) {
          said.textContent = errorText(err)
        }
      },
    },
    h('select', { name: 'inspector' }, h('option', { value: '' }, t.queue.assign), users.filter((u) => (u.role === 'inspector' || u.role === 'supervisor') && !u.disabled).map((u) => h('option', { value: u.username }, `${u.displayName} (${u.username})`))),
    h('button', { type: 'submit' }, 'OK'),
  )
  mount(
    main,
    h('h1', {}, agentView ? t.nav.mine : t.queue.title, h('small', {}, ` ${t.queue.total(total)}`)),
    form,
    h('div', { class: 'toolbar' }, assign, said, pager(page, pages, (n) => setFilters({ page: n }))),
    calls.length ? h('div', { class: 'table-wrap' }, table) : h('p', { class: 'muted' }, t.queue.empty),
  )

  let current = -1
  const focusRow = (i) => {
    current = Math.max(0, Math.min(rows.length - 1, i))
    rows[current]?.focus()
  }
  return onKeys({
    j: () => focusRow(current + 1),
    k: () => focusRow(current - 1),
    Enter: () => current >= 0 && go(`#/call/${encodeURIComponent(calls[current].callId)}`),
    n: () => page + 1 < pages && setFilters({ page: page + 1 }),
    p: () => page > 0 && setFilters({ page: page - 1 }),
    '/': () => form.querySelector('input')?.focus(),
    '?': () => showKeys(t.keys.queue),
  })
}
