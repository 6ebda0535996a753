import { defineConfig } from 'vitest/config'

// Browser end-to-end tests: one file at a time (each starts its own stack and Chromium), generous timeouts
// for real sockets and the reservation-timeout scenario. Performance targets live in `npm run bench`.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
