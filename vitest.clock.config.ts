import { defineConfig } from 'vitest/config'

/*
 * The tests that work with months, days and weeks (browser, dashboards, settlement, reviews, rescore, the store's
 * reports), for `scripts/test-clock.mjs` to run under faked clocks. No test may depend on today's date.
 */
export default defineConfig({
  test: {
    include: [
      'tests/e2e/**/*.test.ts',
      'tests/integration/{dashboards,settlement,review-workflow,rescore,store,api,cli}.test.ts',
      'tests/unit/{calendar,settlement,rescore,review}.test.ts',
    ],
    pool: 'forks',
    testTimeout: 60_000,
  },
})
