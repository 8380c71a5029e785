import { api, errorText } from '../api.js'
import { go, me } from '../app.js'
import { h, mount } from '../dom.js'
import { t } from '../i18n.js'

export async function render(main) {
  const user = me()
  const { calibrations } = await api('GET', '/api/v1/calibrations')
  const status = h('p', { role: 'status' })
  const create =
    user.role !== 'inspector' &&
    h(
      'form',
      {
        class: 'card inline',
        onsubmit: async (e) => {
          e.preventDefault()
          const data = new FormData(e.target)
          try {
            const round = await api('POST', '/api/v1/calibrations', {
              callId: data.get('callId'),
              title: data.get('title'),
              inspectors: String(data.get('inspectors')).split(/[,，\s]+/).filter(Boolean),
            })
            go(`#/calibration/${round.calibrationId}`)
          } catch (err) {
            status.textContent = errorText(err)
          }
        },
      },
      h('h2', {}, t.calibrations.create),
      h('label', {}, t.calibrations.callId, h('input', { name: 'callId', required: true })),
      h('label', {}, t.calibrations.name, h('input', { name: 'title', required: true })),
      h('label', {}, t.calibrations.inspectors, h('input', { name: 'inspectors', required: true, size: 30 })),
      h('button', { type: 'submit', class: 'primary' }, t.calibrations.create),
      status,
    )
  const list = h(
    'table',
    { class: 'grid' },
    h('thead', {}, h('tr', {}, [t.calibrations.name, t.appeals.call, t.calibrations.inspectors, t.calibrations.submitted, ''].map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      calibrations.map((c) =>
        h(
          'tr',
          {},
          h('td', {}, c.title),
          h('td', {}, c.callId),
          h('td', {}, c.inspectors.join('、')),
          h('td', {}, `${c.submitted.length} / ${c.inspectors.length}`),
          h('td', {}, h('a', { href: `#/calibration/${c.calibrationId}` }, t.calibrations.open)),
        ),
      ),
    ),
  )
  mount(main, h('h1', {}, t.calibrations.title), create, calibrations.length ? list : h('p', { class: 'muted' }, t.calibrations.none))
}
