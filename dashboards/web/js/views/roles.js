import { api } from '../api.js'
import { h } from '../dom.js'
import { t } from '../i18n.js'

// A mono call's roles: how agent and customer were told apart, why an inspector should check, and the swap.
export function rolesPanel(scorecard, user, callId, reload) {
  const roles = scorecard?.roles
  if (!roles) return null
  const text = t.speakerRoles
  const canSwap = roles.method === 'inferred' && (user.role === 'inspector' || user.role === 'supervisor' || user.role === 'admin')
  const reason = h('input', { type: 'text', maxlength: 500, placeholder: text.reason, 'aria-label': text.reason })
  const status = h('span', { class: 'muted', role: 'status' })
  const swap = async () => {
    if (!reason.value.trim()) return reason.focus()
    try {
      await api('POST', `/api/v1/calls/${encodeURIComponent(callId)}/roles/swap`, { scoredAt: scorecard.scoredAt, reason: reason.value })
      status.textContent = text.swapped
      setTimeout(reload, 400)
    } catch (err) {
      status.textContent = err.message
    }
  }
  return h(
    'section',
    { class: `roles${roles.review ? ' warn' : ''}`, 'aria-label': text.swap },
    h('p', {}, roles.method === 'inferred' ? text.inferred(roles.confidence.toFixed(2), roles.speakers) : text.inspector),
    roles.review && h('p', {}, text.review),
    h('ul', {}, roles.reasons.map((r) => h('li', {}, r))),
    canSwap && h('div', { class: 'swap' }, reason, h('button', { onclick: swap }, text.swap), status),
  )
}
