/**
 * The report renderer, on a recorded quick run (`report.fixture.json`, from `BENCH_QUICK=1 node bench/run.mjs`):
 * a broken renderer would only show at the end of a 5-minute bench, after every figure was measured.
 * Run by the root `npm test` (`node scripts/node-tests.mjs`).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { goals, renderReport } from './report.mjs'

/** @returns {import('./report.mjs').BenchResults} a recorded run */
const fixture = () => JSON.parse(readFileSync(new URL('./report.fixture.json', import.meta.url), 'utf8'))

test('renders every section and the goals table', () => {
  const report = renderReport(fixture()).join('\n')
  for (const heading of [
    '### 1. Middleware `POST /auth`',
    '### 2. Adapter weight',
    '### 3. Sandbox scale',
    '### 4. Escalation time',
    '### Goals',
  ]) {
    assert.ok(report.includes(heading), `the report lacks ${heading}`)
  }
  assert.match(report, /\| middleware \(conversations\) \| 100 \| [\d,]+ \([\d,]+–[\d,]+\) \| .* \| 3\.0 \| /)
  assert.match(report, /At 100 connections the three `\/auth` designs take turns/)
  assert.match(report, /\| relay visitor → agent \(agent `messageAdded` event\) \| [\d.]+ ms \|/)
  assert.doesNotMatch(report, /undefined|NaN/)
})

test('a goal is met only when the figure is on the right side of it', () => {
  const results = fixture()
  const { middleware, sandbox } = results
  assert.ok(middleware && 'comparisons' in middleware && sandbox && 'visitorToAgent' in sandbox, 'the fixture measured both sections')
  middleware.comparisons = [
    { api: 'conversations', connections: 100, throughputRatio: 1.31, p99Ratio: 0.9, goalMet: true },
    { api: 'programmable-chat', connections: 100, throughputRatio: 1.2, p99Ratio: 0.5, goalMet: false },
  ]
  sandbox.visitorToAgent.p99Ms = 9.9
  sandbox.agentToVisitor.p99Ms = 10.1
  const byGoal = Object.fromEntries(goals(results).map((g) => [g.goal.split(' ')[0] + (g.goal.match(/\((.+?)\)/)?.[1] ?? ''), g]))
  /** @param {string} key */
  const goal = (key) => {
    const found = byGoal[key]
    assert.ok(found, `no goal ${key} in ${Object.keys(byGoal).join(', ')}`)
    return found
  }
  assert.equal(goal('/authconversations').met, true)
  assert.equal(goal('/authconversations').figure, '1.31× req/s, p99 0.90×')
  assert.equal(goal('/authprogrammable-chat').met, false)
  assert.equal(goal('relayboth ways').met, false, 'one direction over 10 ms misses the relay goal')
})

test('a section that failed says so instead of hiding the others', () => {
  const results = fixture()
  results.sandbox = { failed: 'the sandbox server exited (1)' }
  const report = renderReport(results).join('\n')
  assert.ok(report.includes('_sandbox: not measured (the sandbox server exited (1))_'))
  assert.ok(report.includes('### 4. Escalation time'))
  assert.equal(
    goals(results).some((g) => g.goal.startsWith('relay')),
    false,
  )
})

test('an escalation bench that failed says so instead of rendering figures it does not have', () => {
  const results = fixture()
  // What bench/sections/escalation.mjs returns when vitest fails.
  results.escalation = {
    failed: 'the browser escalation bench failed (vitest exited 1)',
    problems: ['the browser escalation bench failed (vitest exited 1):\n…'],
  }
  const report = renderReport(results).join('\n')
  assert.ok(report.includes('_escalation: not measured (the browser escalation bench failed (vitest exited 1))_'))
  assert.ok(report.includes('### Goals'))
})
