/**
 * A clock that starts at a fixed instant and moves with real time (tokens issued one after another stay in order),
 * so no test depends on today's date; `skip` jumps it forward (an expiry, a month later).
 */
export function fixedClock(iso: string): { now: () => number; skip: (ms: number) => void } {
  const start = Date.now()
  let skipped = 0
  return { now: () => Date.parse(iso) + (Date.now() - start) + skipped, skip: (ms) => void (skipped += ms) }
}
