/*
 * Preloaded (`node --import`, through NODE_OPTIONS, so vitest's workers and the CLI processes the tests start get it
 * too) by scripts/test-clock.mjs: this process's wall clock reads CALLQA_TEST_CLOCK, an ISO instant, and runs on
 * from there. Only `Date` moves; timers and monotonic clocks stay real, so nothing waits longer or shorter.
 *
 * Why not libfaketime for the whole process: it also rewrites the deadlines of pthread_cond_timedwait, which the
 * embedded ClickHouse (chdb) computes from the real clock, so its threads spin (a clock ahead) or stall (behind).
 */
const target = Date.parse(process.env.CALLQA_TEST_CLOCK ?? '')
if (Number.isNaN(target)) throw new Error(`CALLQA_TEST_CLOCK must be an ISO instant, got ${JSON.stringify(process.env.CALLQA_TEST_CLOCK)}`)

const RealDate = Date
const offset = target - RealDate.now()

function ShiftedDate(...args) {
  // `Date()` without `new` is a string of the current time.
  if (!new.target) return new RealDate(RealDate.now() + offset).toString()
  return Reflect.construct(RealDate, args.length > 0 ? args : [RealDate.now() + offset], new.target)
}
ShiftedDate.prototype = RealDate.prototype
ShiftedDate.now = () => RealDate.now() + offset
ShiftedDate.parse = RealDate.parse
ShiftedDate.UTC = RealDate.UTC
globalThis.Date = ShiftedDate
