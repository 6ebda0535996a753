#!/usr/bin/env node
// Fails when a pending changeset would not parse at release. `changeset version` reads each file's front
// matter (`---`, then `'<package>': patch|minor|major` lines, then `---`) and stops on the first malformed
// one; a Markdown formatter reflowing it (a blank line after `---`, or `---` read as a heading underline)
// breaks it silently until then. So `npm test` checks every file now, and that it names published packages.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BUMP = /^["']([^"']+)["']:\s*(patch|minor|major)\s*$/

/**
 * What is wrong with one changeset's text, as sentences; empty when it parses and names only `packages`.
 *
 * @example
 * changesetProblems("---\n'@flex-escalate/api': minor\n---\n\nText.", new Set(['@flex-escalate/api'])) // []
 * @param {string} text the file's content
 * @param {ReadonlySet<string>} packages the names a changeset may bump (published workspaces)
 * @returns {string[]}
 */
export function changesetProblems(text, packages) {
  const lines = text.split('\n')
  if (lines[0] !== '---') return ['it does not start with a --- line (front matter)']
  const end = lines.indexOf('---', 1)
  if (end < 0) return ['its front matter has no closing --- line']
  const problems = []
  const bumps = lines.slice(1, end)
  if (bumps.length === 0) problems.push('its front matter names no package')
  for (const line of bumps) {
    const match = BUMP.exec(line)
    if (!match) problems.push(`"${line}" is not a '<package>': patch|minor|major line`)
    else if (!packages.has(match[1] ?? '')) problems.push(`${match[1]} is not a published package of this repository`)
  }
  if (!lines.slice(end + 1).some((line) => line.trim() !== '')) problems.push('it has no description')
  return problems
}

/**
 * @param {string} root the repository
 * @returns {Set<string>} the names of the workspaces that are published (not `private`)
 */
function publishedPackages(root) {
  const names = new Set()
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'))
    if (!manifest.private) names.add(manifest.name)
  }
  return names
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const packages = publishedPackages(root)
  const files = readdirSync(join(root, '.changeset')).filter((name) => name.endsWith('.md') && name !== 'README.md')
  const failures = files.flatMap((name) =>
    changesetProblems(readFileSync(join(root, '.changeset', name), 'utf8'), packages).map((problem) => `.changeset/${name}: ${problem}`),
  )
  if (failures.length > 0) {
    process.stderr.write(
      `${failures.join('\n')}\nFailed to read the pending changesets. Please fix them as \`npm run changeset\` writes them.\n`,
    )
    process.exit(1)
  }
  process.stdout.write(`.changeset: ${files.length} pending changesets parse\n`)
}
