#!/usr/bin/env node
// Fails when package-lock.json lacks an entry that some platform needs. `npm ci` on Linux accepts a lockfile
// that has only the Linux builds of optional platform packages (rollup's, esbuild's...), and then fails on
// macOS or Windows (npm/cli#4828: a lockfile written over an existing node_modules drops the other platforms'
// entries). So `npm test` checks that every dependency and optional dependency of every locked package
// resolves to a locked entry, whichever platform installs it.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * @typedef {{ version?: string, dependencies?: Record<string, string>, optionalDependencies?: Record<string, string>,
 *   peerDependencies?: Record<string, string>, link?: boolean }} LockedPackage
 */

/**
 * The dependencies of locked packages that no locked entry satisfies, as `holder → name@range` lines.
 *
 * @example
 * missingEntries(JSON.parse(readFileSync('package-lock.json', 'utf8')).packages) // [] when complete
 * @param {Record<string, LockedPackage>} packages the lockfile's `packages` map
 * @returns {string[]}
 */
export function missingEntries(packages) {
  /** @type {string[]} */
  const missing = []
  for (const [holder, entry] of Object.entries(packages)) {
    // Workspaces and the root declare ranges that npm resolves and checks itself (`npm ci` refuses a mismatch).
    if (holder === '' || !holder.includes('node_modules/')) continue
    const wanted = { ...entry.dependencies, ...entry.optionalDependencies }
    for (const [name, range] of Object.entries(wanted)) {
      if (!resolves(packages, holder, name)) missing.push(`${holder} → ${name}@${range}`)
    }
  }
  return missing
}

/**
 * Node's lookup: `holder/node_modules/name`, then each enclosing `node_modules` up to the root.
 *
 * @param {Record<string, LockedPackage>} packages
 * @param {string} holder
 * @param {string} name
 */
function resolves(packages, holder, name) {
  let base = holder
  for (;;) {
    if (`${base ? `${base}/` : ''}node_modules/${name}` in packages) return true
    if (base === '') return false
    const up = base.lastIndexOf('/node_modules/')
    base = up === -1 ? '' : base.slice(0, up)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const lockfile = fileURLToPath(new URL('../package-lock.json', import.meta.url))
  /** @type {{ packages: Record<string, LockedPackage> }} */
  const lock = JSON.parse(readFileSync(lockfile, 'utf8'))
  const missing = missingEntries(lock.packages)
  if (missing.length > 0) {
    console.error(
      `Failed to verify package-lock.json: ${missing.length} dependencies have no locked entry, so \`npm ci\` ` +
        `would fail or install a different tree on some platform:\n  ${missing.slice(0, 20).join('\n  ')}\n` +
        'Please regenerate the lockfile from scratch: rm -rf node_modules package-lock.json && npm install',
    )
    process.exit(1)
  }
  console.log(`package-lock.json: all ${Object.keys(lock.packages).length} entries resolve on every platform`)
}
