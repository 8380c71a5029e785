import { api, errorText } from '../api.js'
import { me, reload } from '../app.js'
import { h, mount } from '../dom.js'
import { t } from '../i18n.js'

const ROLES = ['agent', 'inspector', 'supervisor', 'admin']

// Admins: create accounts, change a role, agent id or name, disable and enable, reset a password. A password set
// here is one-time: shown once, to be changed at the first sign-in.
export async function render(main) {
  const { users } = await api('GET', '/api/v1/users')
  const status = h('p', { role: 'status', class: 'notice', id: 'users-status' })
  const say = (text, error = false) => {
    status.className = error ? 'error' : 'notice'
    status.textContent = text
  }
  const roleSelect = (value) => h('select', { name: 'role' }, ROLES.map((r) => h('option', { value: r, selected: r === value }, t.roles[r])))

  const create = h(
    'form',
    {
      class: 'card inline',
      id: 'new-user',
      onsubmit: async (e) => {
        e.preventDefault()
        const data = Object.fromEntries(new FormData(e.target))
        try {
          const made = await api('POST', '/api/v1/users', { username: data.username, displayName: data.displayName, role: data.role, ...(data.agentId && { agentId: data.agentId }) })
          await reload()
          document.getElementById('users-status')?.replaceChildren(t.users.oneTime(made.username, made.oneTimePassword))
        } catch (err) {
          say(errorText(err), true)
        }
      },
    },
    h('h2', {}, t.users.create),
    h('label', {}, t.users.username, h('input', { name: 'username', required: true, pattern: '[A-Za-z0-9_.\\-]{2,64}', autocomplete: 'off' })),
    h('label', {}, t.users.displayName, h('input', { name: 'displayName', maxlength: 100 })),
    h('label', {}, t.users.role, roleSelect('inspector')),
    h('label', {}, t.users.agentId, h('input', { name: 'agentId', maxlength: 200, size: 8 })),
    h('button', { type: 'submit', class: 'primary' }, t.users.create),
  )

  const change = async (username, body) => {
    try {
      await api('PATCH', `/api/v1/users/${encodeURIComponent(username)}`, body)
      await reload()
      document.getElementById('users-status')?.replaceChildren(t.users.changed(username))
    } catch (err) {
      say(errorText(err), true)
    }
  }
  const rows = users.map((u) => {
    const name = h('input', { name: 'displayName', value: u.displayName, maxlength: 100, size: 10 })
    const role = roleSelect(u.role)
    const agentId = h('input', { name: 'agentId', value: u.agentId ?? '', maxlength: 200, size: 8 })
    const self = u.username === me().username
    return h(
      'tr',
      { dataset: { user: u.username }, class: u.disabled ? 'disabled' : '' },
      h('td', {}, u.username),
      h('td', {}, name),
      h('td', {}, role),
      h('td', {}, agentId),
      h('td', {}, h('span', { class: `badge ${u.disabled ? 'rejected' : 'pass'}` }, u.disabled ? t.users.disabled : t.users.active), u.mustChangePassword && h('span', { class: 'badge open' }, t.users.mustChange)),
      h(
        'td',
        { class: 'actions' },
        h('button', { class: 'save', onclick: () => change(u.username, { displayName: name.value, role: role.value, agentId: agentId.value.trim() || null }) }, t.users.edit),
        !self &&
          h('button', {
            class: 'toggle',
            onclick: () => (u.disabled || confirm(t.users.confirmDisable(u.username))) && change(u.username, { disabled: !u.disabled }),
          }, u.disabled ? t.users.enable : t.users.disable),
        h('button', {
          class: 'reset',
          onclick: async () => {
            if (!confirm(t.users.confirmReset(u.username))) return
            try {
              const { oneTimePassword } = await api('POST', `/api/v1/users/${encodeURIComponent(u.username)}/password`)
              await reload()
              document.getElementById('users-status')?.replaceChildren(t.users.oneTime(u.username, oneTimePassword))
            } catch (err) {
              say(errorText(err), true)
            }
          },
        }, t.users.reset),
      ),
    )
  })
  const table = h(
    'table',
    { class: 'grid users' },
    h('thead', {}, h('tr', {}, [t.users.username, t.users.displayName, t.users.role, t.users.agentId, t.users.status, t.users.actions].map((c) => h('th', {}, c)))),
    h('tbody', {}, rows),
  )
  mount(main, h('h1', {}, t.users.title), status, create, h('div', { class: 'table-wrap' }, table))
}
