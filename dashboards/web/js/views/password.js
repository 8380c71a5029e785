import { api, errorText, session } from '../api.js'
import { afterSignIn, go, me } from '../app.js'
import { h, mount } from '../dom.js'
import { t } from '../i18n.js'

// One's own password: forced after signing in with a one-time password, or any time from the name in the top bar.
export function render(main, { params }) {
  const status = h('p', { role: 'status' })
  const field = (name, label, autocomplete) => h('label', {}, label, h('input', { name, type: 'password', autocomplete, required: true }))
  const form = h(
    'form',
    {
      class: 'card login',
      id: 'password-form',
      onsubmit: async (e) => {
        e.preventDefault()
        const data = Object.fromEntries(new FormData(e.target))
        status.className = 'error'
        if ([...data.next].length < 12) return void (status.textContent = t.account.tooShort)
        if (data.next !== data.repeat) return void (status.textContent = t.account.mismatch)
        try {
          const { token, user } = await api('POST', '/api/v1/me/password', { current: data.current, next: data.next })
          session.set({ token, user })
          status.className = ''
          status.textContent = t.account.saved
          setTimeout(() => go(afterSignIn(params)), 800)
        } catch (err) {
          status.textContent = errorText(err)
        }
      },
    },
    h('h1', {}, t.account.title),
    me().mustChangePassword && h('p', { class: 'notice' }, t.account.mustChange),
    field('current', t.account.current, 'current-password'),
    field('next', t.account.next, 'new-password'),
    field('repeat', t.account.repeat, 'new-password'),
    h('button', { type: 'submit', class: 'primary' }, t.account.save),
    status,
  )
  mount(main, form)
  form.querySelector('input').focus()
}
