import { defineConfig } from 'vitest/config'

// The escalation-time bench (issue 6), run by the root `npm run bench`, never by `npm test`: real Chromium,
// the built demo and middleware in sandbox mode, one session for every run. Writes its timings as JSON.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.bench.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
