import type { Speaker } from './spec.js'

/*
 * Where each turn of a test call falls: the first at `firstTurnAt`, every next one `gap` seconds after the last
 * sound so far, or `overlap` seconds before it ends (talking over the other side). Pure: durations come in.
 */

export interface TimedTurn {
  speaker: Speaker
  seconds: number
  gap?: number
  overlap?: number
}

export interface Placed {
  speaker: Speaker
  startMs: number
  endMs: number
}

export function placeTurns(turns: readonly TimedTurn[], opts: { gap: number; firstTurnAt: number }): Placed[] {
  const placed: Placed[] = []
  let lastEnd = 0
  const lastBySpeaker = new Map<Speaker, number>()
  turns.forEach((turn, i) => {
    const start = i === 0 ? opts.firstTurnAt : turn.overlap !== undefined ? lastEnd - turn.overlap : lastEnd + (turn.gap ?? opts.gap)
    const startMs = Math.round(start * 1000)
    const endMs = startMs + Math.round(turn.seconds * 1000)
    const own = lastBySpeaker.get(turn.speaker)
    if (startMs < 0) throw new RangeError(`turn ${i + 1} would start before the call (overlap ${turn.overlap} s is longer than the call so far)`)
    if (own !== undefined && startMs < own)
      throw new RangeError(`turn ${i + 1} (${turn.speaker}) starts at ${startMs} ms, before the ${turn.speaker}'s previous turn ends (${own} ms): one voice cannot say two things at once`)
    lastBySpeaker.set(turn.speaker, endMs)
    lastEnd = Math.max(lastEnd, endMs / 1000)
    placed.push({ speaker: turn.speaker, startMs, endMs })
  })
  return placed
}
