import { h } from './dom.js'
import { t } from './i18n.js'

/** Previous / "page a of b" / next, for a list whose page lives in the URL; `turn(n)` goes to page n (0-based). */
export function pager(page, pages, turn) {
  return h(
    'div',
    { class: 'pager' },
    h('button', { disabled: page === 0, onclick: () => turn(page - 1) }, t.queue.prev),
    h('span', {}, t.queue.page(page + 1, pages)),
    h('button', { disabled: page + 1 >= pages, onclick: () => turn(page + 1) }, t.queue.next),
  )
}
