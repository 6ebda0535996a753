import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // msw patches Node's http module per worker; forks keep each file's interceptors isolated.
    pool: 'forks',
    setupFiles: ['./test/setup.ts'],
  },
})
