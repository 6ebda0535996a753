import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The reliability suites run with their own config (npm run test:reliability).
    exclude: ['test/reliability/**', '**/node_modules/**'],
    environment: 'node',
    // msw patches Node's http module per worker; forks keep each file's interceptors isolated.
    pool: 'forks',
    setupFiles: ['./test/setup.ts'],
  },
})
