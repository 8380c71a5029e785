import { api, session, signInHash } from './api.js'
import { h, mount } from './dom.js'
import { lang, setLang, t } from './i18n.js'

// Hash routes: #/queue, #/call/<id>, … Each view renders into <main> and may return a cleanup (e.g. its key handler).
const VIEWS = {
  login: () => import('./views/login.js'),
  password: () => import('./views/password.js'),
  queue: () => import('./views/queue.js'),
  mine: () => import('./views/queue.js'),
  call: () => import('./views/call.js'),
  appeals: () => import('./views/appeals.js'),
  calibrations: () => import('./views/calibrations.js'),
  calibration: () => import('./views/calibration.js'),
  settlements: () => import('./views/settlements.js'),
  dashboards: () => import('./views/dashboards.js'),
  users: () => import('./views/users.js'),
  audit: () => import('./views/audit.js'),
}

const NAV = {
  agent: ['mine', 'appeals', 'dashboards'],
  inspector: ['queue', 'appeals', 'calibrations', 'dashboards'],
  supervisor: ['queue', 'appeals', 'calibrations', 'dashboards', 'settlements', 'audit'],
  admin: ['queue', 'appeals', 'calibrations', 'dashboards', 'settlements', 'users', 'audit'],
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

/** Renders the current page again (after a change the page shows, when the address stays the same). */
export function reload() {
  return route()
}

/** The signed-in user, or undefined. */
export function me() {
  return session.get()?.user
}

export function home() {
  return me()?.role === 'agent' ? '#/mine' : '#/queue'
}

/** Where to go after signing in: the page asked for before, if it was one of ours. */
export function afterSignIn(params) {
  const next = params.get('next')
  return next && /^#\/[a-z]/.test(next) && !next.startsWith('#/login') ? next : home()
}

async function signOut() {
  // The server ends the session, so the token is useless even if a copy of it is somewhere.
  await api('POST', '/api/v1/logout').catch(() => {})
  session.clear()
  go('#/login')
}

function renderTop(current) {
  const user = me()
  const top = document.getElementById('top')
  mount(
    top,
    h('a', { class: 'brand', href: user ? home() : '#/login' }, t.appName),
    user && !user.mustChangePassword && h('nav', {}, NAV[user.role].map((name) => h('a', { href: `#/${name}`, class: name === current ? 'active' : '' }, t.nav[name]))),
    h('span', { class: 'spacer' }),
    user && h('a', { class: 'who', href: '#/password', title: t.account.title }, `${user.displayName || user.username} · ${t.roles[user.role]}`),
    h('button', { class: 'link', id: 'lang', onclick: () => (setLang(lang === 'zh' ? 'en' : 'zh'), route()) }, t.lang),
    user && h('button', { class: 'link', id: 'signout', onclick: signOut }, t.signOut),
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
  // Not signed in: sign in first, then come back here (a pasted call link, a new tab).
  if (!me() && name !== 'login') return go(signInHash())
  // A one-time password is changed before anything else.
  if (me()?.mustChangePassword && name !== 'password') return go(`#/password?next=${encodeURIComponent(location.hash)}`)
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
