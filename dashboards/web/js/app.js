import { api, session } from './api.js'
import { h, mount } from './dom.js'
import { lang, setLang, t } from './i18n.js'

// Hash routes: #/queue, #/call/<id>, … Each view renders into <main> and may return a cleanup (e.g. its key handler).
const VIEWS = {
  login: () => import('./views/login.js'),
  queue: () => import('./views/queue.js'),
  mine: () => import('./views/queue.js'),
  call: () => import('./views/call.js'),
  appeals: () => import('./views/appeals.js'),
  calibrations: () => import('./views/calibrations.js'),
  calibration: () => import('./views/calibration.js'),
  settlements: () => import('./views/settlements.js'),
  dashboards: () => import('./views/dashboards.js'),
}

const NAV = {
  agent: ['mine', 'appeals', 'dashboards'],
  inspector: ['queue', 'appeals', 'calibrations', 'dashboards'],
  supervisor: ['queue', 'appeals', 'calibrations', 'dashboards', 'settlements'],
  admin: ['queue', 'appeals', 'calibrations', 'dashboards', 'settlements'],
}

let cleanup

function parseHash() {
  const [path, search = ''] = location.hash.replace(/^#\/?/, '').split('?')
  const [name = '', ...rest] = path.split('/')
  return { name, arg: rest.map(decodeURIComponent).join('/'), params: new URLSearchParams(search) }
}

export function go(hash) {
  location.hash = hash
}

/** The signed-in user, or undefined. */
export function me() {
  return session.get()?.user
}

export function home() {
  return me()?.role === 'agent' ? '#/mine' : '#/queue'
}

function renderTop(current) {
  const user = me()
  const top = document.getElementById('top')
  mount(
    top,
    h('a', { class: 'brand', href: user ? home() : '#/login' }, t.appName),
    user && h('nav', {}, NAV[user.role].map((name) => h('a', { href: `#/${name}`, class: name === current ? 'active' : '' }, t.nav[name]))),
    h('span', { class: 'spacer' }),
    user && h('span', { class: 'who' }, `${user.displayName || user.username} · ${t.roles[user.role]}`),
    h('button', { class: 'link', id: 'lang', onclick: () => (setLang(lang === 'zh' ? 'en' : 'zh'), route()) }, t.lang),
    user && h('button', { class: 'link', id: 'signout', onclick: () => (session.clear(), go('#/login')) }, t.signOut),
  )
}

/** The key help of the current view, shown with "?". */
export function showKeys(list) {
  const dialog = document.getElementById('keys')
  mount(dialog, h('h2', {}, t.keysTitle), h('table', {}, list.map(([k, what]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, what)))), h('form', { method: 'dialog' }, h('button', {}, 'OK')))
  dialog.showModal()
}

/**
 * A view's keyboard shortcuts, `{ key: action }`. Keys typed into fields are left alone, so shortcuts never eat a
 * comment; a key with an action does nothing else (an "o" that focuses the comment box is not also typed into it).
 */
export function onKeys(actions) {
  const listener = (e) => {
    const el = e.target
    const action = actions[e.key]
    if (!action || e.ctrlKey || e.metaKey || e.altKey || el.closest?.('input, textarea, select, dialog[open]')) return
    e.preventDefault()
    action()
  }
  document.addEventListener('keydown', listener)
  return () => document.removeEventListener('keydown', listener)
}

// Each navigation renders into a container of its own that replaces the last one, so a slow page that finishes
// after the user has moved on writes into a detached container instead of over the newer page.
let generation = 0

async function route() {
  cleanup?.()
  cleanup = undefined
  const mine = ++generation
  const { name, arg, params } = parseHash()
  if (!me() && name !== 'login') return go('#/login')
  if (!VIEWS[name]) return go(me() ? home() : '#/login')
  renderTop(name)
  const view = h('div', { class: 'view' }, h('p', { class: 'muted' }, t.loading))
  mount(document.getElementById('main'), view)
  try {
    const done = await (await VIEWS[name]()).render(view, { name, arg, params })
    if (mine === generation) cleanup = done
    else done?.()
  } catch (err) {
    mount(view, h('p', { class: 'error', role: 'alert' }, `${t.error}: ${err.message}`))
  }
}

/** Re-fetches the signed-in user (their role may have changed) before the first render. */
async function start() {
  setLang(lang)
  if (session.get()) {
    try {
      const user = await api('GET', '/api/v1/me')
      session.set({ ...session.get(), user })
    } catch {
      session.clear()
    }
  }
  window.addEventListener('hashchange', route)
  await route()
}

start()
