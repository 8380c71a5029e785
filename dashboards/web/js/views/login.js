import { api, session } from '../api.js'
import { go, home } from '../app.js'
import { h, mount } from '../dom.js'
import { t } from '../i18n.js'

export function render(main) {
  const error = h('p', { class: 'error', role: 'alert' })
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autofocus: true })
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })
  const form = h(
    'form',
    {
      class: 'card login',
      onsubmit: async (e) => {
        e.preventDefault()
        error.textContent = ''
        try {
          const { token, user } = await api('POST', '/api/v1/login', { username: username.value, password: password.value })
          session.set({ token, user })
          go(home())
        } catch (err) {
          error.textContent = err.status === 401 ? t.wrongLogin : err.message
        }
      },
    },
    h('h1', {}, t.appName),
    h('label', {}, t.username, username),
    h('label', {}, t.password, password),
    h('button', { type: 'submit', class: 'primary' }, t.signIn),
    error,
  )
  mount(main, form)
  username.focus()
}
