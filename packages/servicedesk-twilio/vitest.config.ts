import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // msw patches fetch per worker; forks keep each file's interceptors isolated.
    pool: 'forks',
  },
})
