import { api, errorText, session } from '../api.js'
import { afterSignIn, go } from '../app.js'
import { h, mount } from '../dom.js'
import { t } from '../i18n.js'

export function render(main, { params }) {
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
          // Back to the page asked for (a pasted link); a one-time password is changed on the way.
          go(user.mustChangePassword ? `#/password?next=${encodeURIComponent(afterSignIn(params))}` : afterSignIn(params))
        } catch (err) {
          // The server says what is wrong in the reader's language: a wrong password, an expired one-time password, too many tries.
          error.textContent = errorText(err)
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
