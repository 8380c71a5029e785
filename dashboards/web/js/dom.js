// Builds DOM nodes from data without ever parsing it as HTML: transcripts and comments are user text.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('aria-') && value !== undefined) el.setAttribute(key, String(value))
    if (key.startsWith('aria-') || value === undefined || value === null || value === false) continue
    if (key.startsWith('on')) el.addEventListener(key.slice(2).toLowerCase(), value)
    else if (key === 'class') el.className = value
    else if (key === 'dataset') Object.assign(el.dataset, value)
    else el.setAttribute(key, value === true ? '' : String(value))
  }
  append(el, children)
  return el
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

export function mount(el, ...children) {
  el.replaceChildren()
  append(el, children)
}

/** mm:ss for a position in a call (h:mm:ss past an hour). */
export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000))
  const mmss = `${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss}` : mmss
}

/** An instant (ISO-8601) as the centre reads it: Beijing time, to the minute. */
export function beijing(iso) {
  if (!iso) return ''
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** m:ss (h:mm:ss past an hour) and back: how people read and type a position in a call. */
export function parseClock(text) {
  const parts = String(text).trim().split(':').map(Number)
  if (parts.length < 2 || parts.length > 3 || parts.some((n) => !Number.isFinite(n) || n < 0)) return undefined
  return parts.reduce((s, n) => s * 60 + n, 0) * 1000
}
