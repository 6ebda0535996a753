/**
 * The report renderer, on a recorded run (`report.fixture.json`: a `bench/results/latest.json` of `npm run bench`):
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
  // Every design at every latency, with its round trips, and the share of the bound only where there is latency.
  for (const design of [
    'ours (conversations)',
    'ours (programmable-chat)',
    'straightforward Conversations design',
    "predecessor's design (IBM starter)",
  ]) {
    assert.match(
      report,
      new RegExp(`\\| ${design.replace(/[()]/g, '\\$&')} \\| 0 ms \\| [\\d,]+ \\([\\d,]+–[\\d,]+\\) \\| .* \\| – \\|$`, 'm'),
    )
    assert.match(report, new RegExp(`\\| ${design.replace(/[()]/g, '\\$&')} \\| 150 ms \\| .* \\| [\\d.]+ % \\|$`, 'm'))
  }
  assert.match(report, /Twilio is an HTTPS server in its own process/)
  assert.match(report, /\| ours \(conversations\) \/ straightforward Conversations design \| 150 ms \| [\d.]+× \| [\d.]+× \|/)
  assert.match(report, /Beyond the pool: ours \(conversations\) at 1,000 connections, Twilio at 150 ms: [\d,]+ req\/s/)
  assert.match(report, /`TWILIO_MAX_SOCKETS=100` allows [\d,]+ req\/s/)
  assert.match(report, /The Twilio fake's own cost: [\d.]+ ms CPU per call/)
  assert.match(report, /\| relay visitor → agent \(agent `messageAdded` event\) \| [\d.]+ ms \|/)
  assert.doesNotMatch(report, /undefined|NaN/)
})

test('a goal is met only when the figure is on the right side of it', () => {
  const results = fixture()
  const { middleware, sandbox } = results
  assert.ok(middleware && 'comparisons' in middleware && sandbox && 'visitorToAgent' in sandbox, 'the fixture measured both sections')
  middleware.comparisons = [
    { ours: 'conversations', peer: 'straightforward', latencyMs: 0, throughputRatio: 1.31, p99Ratio: 0.9 },
    { ours: 'conversations', peer: 'straightforward', latencyMs: 150, throughputRatio: 1.4, p99Ratio: 1.01 },
    { ours: 'conversations', peer: 'predecessor', latencyMs: 0, throughputRatio: 2.49, p99Ratio: 0.5 },
    { ours: 'programmable-chat', peer: 'predecessor', latencyMs: 0, throughputRatio: 2.5, p99Ratio: 0.5 },
    // Not a goal: the predecessor at a latency.
    { ours: 'programmable-chat', peer: 'predecessor', latencyMs: 150, throughputRatio: 0.1, p99Ratio: 9 },
  ]
  const row = (/** @type {string} */ design, /** @type {number} */ latencyMs) => {
    const found = middleware.rows.find((r) => r.design === design && r.latencyMs === latencyMs)
    assert.ok(found, `the fixture has no row of ${design} at ${latencyMs} ms`)
    return found
  }
  row('conversations', 150).boundShare = 0.95
  row('programmable-chat', 150).boundShare = 0.949
  row('conversations', 0).idleRssBytes = 100 * 2 ** 20
  row('conversations', 0).peakRssBytes = 200 * 2 ** 20
  row('programmable-chat', 0).idleRssBytes = 100 * 2 ** 20
  row('programmable-chat', 0).peakRssBytes = 200 * 2 ** 20 + 1
  sandbox.visitorToAgent.p99Ms = 9.9
  sandbox.agentToVisitor.p99Ms = 10.1
  const listed = goals(results)
  /** @param {RegExp} pattern */
  const goal = (pattern) => {
    const found = listed.filter((g) => pattern.test(g.goal))
    assert.equal(found.length, 1, `expected one goal matching ${pattern}, found ${found.map((g) => g.goal).join('; ')}`)
    return /** @type {(typeof listed)[number]} */ (found[0])
  }
  assert.equal(goal(/straightforward.*at 0 ms/).met, true)
  assert.equal(goal(/straightforward.*at 0 ms/).figure, '1.31× req/s, p99 0.90×')
  assert.equal(goal(/straightforward.*at 150 ms/).met, false, 'a higher p99 misses it, whatever the req/s')
  assert.equal(goal(/\(conversations\) ≥ 2\.5× the predecessor/).met, false)
  assert.equal(goal(/\(programmable-chat\) ≥ 2\.5× the predecessor/).met, true)
  assert.equal(listed.filter((g) => /predecessor.*150 ms/.test(g.goal)).length, 0)
  assert.equal(goal(/\(conversations\) ≥ 95 %/).met, true)
  assert.equal(goal(/\(programmable-chat\) ≥ 95 %/).met, false)
  assert.equal(goal(/RSS flat \(conversations\)/).met, true)
  assert.equal(goal(/RSS flat \(programmable-chat\)/).met, false)
  assert.equal(goal(/relay/).met, false, 'one direction over 10 ms misses the relay goal')
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
