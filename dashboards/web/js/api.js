import { lang } from './i18n.js'

// The workspace API with the signed-in user's bearer token, asking for answers in the UI's language; a 401 sends the
// user back to sign in, and back to where they were once signed in.
const KEY = 'callqa.session'

export const session = {
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) ?? 'null')
    } catch {
      return null
    }
  },
  set(value) {
    sessionStorage.setItem(KEY, JSON.stringify(value))
  },
  clear() {
    sessionStorage.removeItem(KEY)
  },
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `HTTP ${status}`)
    this.status = status
    this.problems = body?.problems ?? []
  }
}

/** The sign-in page, returning to `hash` (this page, by default) afterwards. */
export function signInHash(hash = location.hash) {
  const back = hash && !hash.startsWith('#/login') && !hash.startsWith('#/password') ? `?next=${encodeURIComponent(hash)}` : ''
  return `#/login${back}`
}

export async function api(method, path, body) {
  const s = session.get()
  const headers = { 'accept-language': lang === 'zh' ? 'zh-CN' : 'en' }
  if (s?.token) headers.authorization = `Bearer ${s.token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined
  if (res.status === 401 && path !== '/api/v1/login' && path !== '/api/v1/me/password') {
    session.clear()
    location.hash = signInHash()
  }
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}

/** ?a=1&b=2 from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** An error as a line for people: the server's message (in their language) and what it says about each field. */
export function errorText(err) {
  return [err.message, ...(err.problems ?? []).map((p) => p.message)].join(' · ')
}
