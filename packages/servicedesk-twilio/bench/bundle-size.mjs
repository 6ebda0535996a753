#!/usr/bin/env node
/**
 * Bundle-size bench: prints the gzip / brotli size of the adapter's initial chunk and of what each
 * transport loads on startChat, for the stock build and for ES2020 browsers with the SDKs' core-js
 * polyfill imports left out (see README, "Bundle size").
 *
 * Exits non-zero only on functional errors: the build fails, a transport is not split into its own chunk,
 * or Twilio SDK code lands in the initial chunk. A large figure alone is reported, never fatal.
 *
 *   npm run bench -w @flex-escalate/servicedesk-twilio
 */
import { CONVERSATIONS_GZIP_GOAL, INITIAL_GZIP_GOAL, measureBundle } from './measure-bundle.mjs'

/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
/** @type {string[]} */
const problems = []
for (const variant of ['stock', 'modern']) {
  const { label, rows, problems: found } = await measureBundle(variant)
  problems.push(...found)
  console.log(`\n## servicedesk-twilio bundle size: ${label}\n`)
  console.log('| chunk | files | raw | gzip | brotli |')
  console.log('|---|---|---:|---:|---:|')
  for (const row of rows) {
    const shown = row.files.length > 3 ? `${row.files.slice(0, 3).join(', ')} +${row.files.length - 3}` : row.files.join(', ')
    console.log(`| ${row.label} | ${shown} | ${kb(row.raw)} | ${kb(row.gzip)} | ${kb(row.brotli)} |`)
  }
  /** @param {string} key */
  const gzipOf = (key) => rows.find((row) => row.key === key)?.gzip ?? NaN
  const conversations = gzipOf('conversations') + gzipOf('conversations-sdk')
  console.log('')
  console.log(
    `- Initial chunk under ${kb(INITIAL_GZIP_GOAL)} gzip: ${gzipOf('initial') < INITIAL_GZIP_GOAL ? 'yes' : 'no'} (${kb(gzipOf('initial'))})`,
  )
  console.log(
    `- Conversations transport + SDK under ${kb(CONVERSATIONS_GZIP_GOAL)} gzip: ${conversations < CONVERSATIONS_GZIP_GOAL ? 'yes' : 'no'} (${kb(conversations)})`,
  )
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`bench error: ${problem}`)
  process.exit(1)
}
