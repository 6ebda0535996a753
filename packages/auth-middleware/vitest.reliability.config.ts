import { defineConfig } from 'vitest/config'

/** `npm run test:reliability`: the hardening suites of issue 5, with one summary of their figures. */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Heap figures are only meaningful after a full collection.
    execArgv: ['--expose-gc'],
    setupFiles: ['./test/setup.ts'],
    globalSetup: ['./test/reliability/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // One suite at a time: the chaos suite alone fills both cores, and each suite's time bound holds only
    // when it does not fight another for the CPU.
    fileParallelism: false,
  },
})
