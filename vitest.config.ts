import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // chdb binds one data directory per process: give every test file its own worker process.
    pool: 'forks',
    testTimeout: 60_000,
    // A real Kafka broker (Maven Central jars, cached) for the pipeline tests.
    globalSetup: ['tests/integration/kafka.setup.ts'],
  },
})
