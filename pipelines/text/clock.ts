/** A position in a call as people read it beside the player: m:ss (1:05), h:mm:ss past an hour. */
export function callClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const mmss = `${Math.floor(s / 60) % 60}:${String(s % 60).padStart(2, '0')}`
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, '0')}` : mmss
}

/** A duration in seconds to one decimal: 0.9 秒 reads better than 900 ms. */
export function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10)
}
