import { ensureTestCalls } from './generate.js'

/*
 * npm run calls:generate (and the set-up step of npm test): makes the synthetic test calls of calls.yaml in
 * ~/.cache/callqa/test-calls unless they are there already, and lists them.
 */

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`用法 / usage: npm run calls:generate [-- --list]

生成合成测试通话（8 kHz μ-law 立体声，坐席 = 声道 0）及其参考转写和预期结论，缓存于 ~/.cache/callqa/test-calls。
Makes the synthetic test calls of bench/test-calls/calls.yaml (8 kHz μ-law stereo, agent = channel 0, plus a mono
mix-down), their reference transcripts and expected verdicts, cached in ~/.cache/callqa/test-calls; a second run
reuses them. --list prints each call.`)
  process.exit(0)
}

try {
  const set = await ensureTestCalls((line) => console.error(`calls:generate: ${line}`))
  const seconds = set.calls.reduce((sum, c) => sum + c.reference.durationSeconds, 0)
  console.log(`${set.calls.length} test calls, ${Math.round(seconds)} s of audio: ${set.dir}`)
  if (process.argv.includes('--list'))
    for (const c of set.calls) console.log(`  ${c.id.padEnd(24)} ${String(c.reference.durationSeconds).padStart(5)} s  ${c.about}`)
} catch (err) {
  console.error(`calls:generate: ${(err as Error).message}`)
  process.exit(1)
}
