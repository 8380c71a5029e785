// The tests that work with months, days and weeks, run again with the clock set to 00:20 in Beijing on the 1st of a
// month (still the evening before in UTC, so code that takes the month from UTC, or a test that takes it from
// "today", breaks) and to the middle of a month. No test may depend on today's date: this proves it on the days
// that would break one. The clock of the Node processes moves (tests/clock/shift-clock.mjs), and the browser
// tests set Chromium's clock from it.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CLOCKS = [
  ['2027-01-01T00:20:00+08:00', 'the first minutes of a month, and of a year'],
  ['2027-03-15T12:00:00+08:00', 'the middle of a month'],
]
const preload = fileURLToPath(new URL('../tests/clock/shift-clock.mjs', import.meta.url))

for (const [clock, what] of CLOCKS) {
  process.stderr.write(`\n── clock set to ${clock} (${what}) ──\n`)
  const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.clock.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, CALLQA_TEST_CLOCK: clock, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim() },
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
