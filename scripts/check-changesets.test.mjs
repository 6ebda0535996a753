import assert from 'node:assert/strict'
import { test } from 'node:test'
import { changesetProblems } from './check-changesets.mjs'

const published = new Set(['@flex-escalate/api', '@flex-escalate/auth-middleware'])

test('a changeset as `npm run changeset` writes it passes', () => {
  assert.deepEqual(
    changesetProblems('---\n\'@flex-escalate/api\': minor\n"@flex-escalate/auth-middleware": patch\n---\n\nText.\n', published),
    [],
  )
})

test('front matter a formatter reflowed is refused, saying how', () => {
  assert.deepEqual(changesetProblems("---\n\n'@flex-escalate/api': minor\n---\n\nText.", published), [
    '"" is not a \'<package>\': patch|minor|major line',
  ])
  // `---` under a line is a setext heading to Markdown: the closing delimiter is gone.
  assert.deepEqual(changesetProblems("---\n\n## '@flex-escalate/api': minor\n\nText.", published), [
    'its front matter has no closing --- line',
  ])
  assert.deepEqual(changesetProblems('# Text', published), ['it does not start with a --- line (front matter)'])
})

test('a package that is not published, a bad bump or no description is refused', () => {
  assert.deepEqual(changesetProblems("---\n'@flex-escalate/demo-webchat': minor\n'@flex-escalate/api': huge\n---\n", published), [
    '@flex-escalate/demo-webchat is not a published package of this repository',
    "\"'@flex-escalate/api': huge\" is not a '<package>': patch|minor|major line",
    'it has no description',
  ])
})
