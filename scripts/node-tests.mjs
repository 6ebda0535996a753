/**
 * Runs the repository's own `node:test` files (`*.test.mjs` under bench/ and scripts/) with `node --test`.
 * Node 20 expands a folder given to `--test`, Node 22+ reads each argument as a glob and finds nothing in a
 * bare folder name: so the files are listed here, the same way on every version, and none is left out.
 *
 * @example
 * node scripts/node-tests.mjs   // what `npm test` runs
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const FOLDERS = ['bench', 'scripts']
const SKIP = new Set(['node_modules', 'results'])

/**
 * Every `*.test.mjs` below `folder`, as paths relative to the repository, in a stable order.
 * @param {string} folder
 * @returns {string[]}
 */
export function testFiles(folder) {
  /** @type {string[]} */
  const found = []
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isDirectory() && !SKIP.has(entry.name)) found.push(...testFiles(path))
    else if (entry.isFile() && entry.name.endsWith('.test.mjs')) found.push(path)
  }
  return found.sort()
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const files = FOLDERS.flatMap(testFiles)
  if (files.length === 0) {
    console.error(`Failed to find any *.test.mjs under ${FOLDERS.join(', ')}. Please check that the repository is complete.`)
    process.exit(1)
  }
  const run = spawnSync(process.execPath, ['--test', ...files], { cwd: root, stdio: 'inherit' })
  process.exit(run.status ?? 1)
}
