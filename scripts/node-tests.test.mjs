import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testFiles } from './node-tests.mjs'

test('finds the test files of bench/ and scripts/, nested ones included, and nothing under results/', () => {
  const bench = testFiles('bench')
  assert.ok(bench.includes('bench/lib/report.test.mjs'), `bench/lib/report.test.mjs is missing from ${JSON.stringify(bench)}`)
  assert.ok(bench.every((path) => path.endsWith('.test.mjs') && !path.includes('/results/')))
  assert.deepEqual(
    testFiles('scripts').filter((path) => path.startsWith('scripts/node-tests') || path.startsWith('scripts/check-lockfile')),
    ['scripts/check-lockfile.test.mjs', 'scripts/node-tests.test.mjs'],
  )
})
