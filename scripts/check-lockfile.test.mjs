import assert from 'node:assert/strict'
import { test } from 'node:test'
import { missingEntries } from './check-lockfile.mjs'

test('a lockfile with every platform build of an optional package passes', () => {
  const packages = {
    '': { dependencies: {} },
    'node_modules/turbo': { optionalDependencies: { '@turbo/linux-64': '2.0.0', '@turbo/darwin-64': '2.0.0' } },
    'node_modules/@turbo/linux-64': {},
    'node_modules/@turbo/darwin-64': {},
  }
  assert.deepEqual(missingEntries(packages), [])
})

test('a lockfile that kept only the Linux build is refused, naming what is missing', () => {
  const packages = {
    'node_modules/turbo': { optionalDependencies: { '@turbo/linux-64': '2.0.0', '@turbo/darwin-64': '2.0.0' } },
    'node_modules/@turbo/linux-64': {},
  }
  assert.deepEqual(missingEntries(packages), ['node_modules/turbo → @turbo/darwin-64@2.0.0'])
})

test('a dependency resolves through enclosing node_modules folders, as Node looks it up', () => {
  const packages = {
    'node_modules/a': { dependencies: { b: '^1' } },
    'node_modules/a/node_modules/c': { dependencies: { b: '^1', d: '^1' } },
    'node_modules/b': {},
    'node_modules/a/node_modules/c/node_modules/d': {},
    'packages/web/node_modules/e': { dependencies: { f: '^1' } },
  }
  assert.deepEqual(missingEntries(packages), ['packages/web/node_modules/e → f@^1'])
})
