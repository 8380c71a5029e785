import { api } from './api.js'
import { h } from './dom.js'
import { t } from './i18n.js'

/**
 * The month a page opens on when its link names none: the server's choice (GET /api/v1/calendar; early in a month,
 * the month before), with a line that says which month is shown and why.
 */
export async function openingMonth(params) {
  const asked = params.get('month')
  if (asked) return { month: asked, note: null }
  const { today, suggested } = await api('GET', '/api/v1/calendar')
  return { month: suggested.month, note: h('p', { class: 'muted month-note', role: 'note' }, t.calendar[suggested.reason](suggested.month, today)) }
}
