#!/usr/bin/env node
/**
 * `npm run bench`: the project's performance report (issue 6), in one bounded run on 127.0.0.1.
 *
 *   npm run build && node bench/run.mjs      # BENCH_QUICK=1 for a short development run
 *
 * Prints a markdown table for every section and writes bench/results/latest.json. Exits non-zero only on
 * functional errors (a request failing, a message lost, a chunk holding an SDK it must not); a goal not
 * met is reported, never fatal.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { describeMachine } from './lib/machine.mjs'
import { paths } from './lib/paths.mjs'
import { goals, renderReport } from './lib/report.mjs'
import { benchAdapterWeight } from './sections/adapter-weight.mjs'
import { benchEscalation } from './sections/escalation.mjs'
import { benchMiddleware } from './sections/middleware.mjs'
import { benchSandbox } from './sections/sandbox.mjs'

/** @typedef {import('./lib/report.mjs').BenchResults} BenchResults */
/** @typedef {import('./lib/report.mjs').Failed} Failed */

const quick = process.env.BENCH_QUICK === '1'
/** @type {import('./lib/report.mjs').BenchSettings} */
const settings = {
  middleware: {
    connections: 100,
    latenciesMs: [0, 150],
    warmupSeconds: quick ? 1 : 2,
    // Four designs × two latencies × rounds: 6 s windows keep the whole bench under 6 minutes on 2 cores.
    durationSeconds: quick ? 2 : Number(process.env.BENCH_DURATION_SECONDS ?? 6),
    rounds: quick ? 1 : 3,
    overload: { connections: 1000, latencyMs: 150, seconds: quick ? 3 : 8 },
    calibrationRequests: quick ? 2 : 5,
  },
  sandbox: quick
    ? { chats: 200, agents: 10, relaySeconds: 3, messageIntervalMs: 10_000 }
    : { chats: 1000, agents: 10, relaySeconds: 5, messageIntervalMs: 10_000 },
  escalation: { runs: quick ? 2 : 5 },
}

/** @param {string} line */
const log = (line) => process.stderr.write(`${line}\n`)
const started = performance.now()

// The bench servers are TypeScript beside the middleware (they reuse its spec checker): compile them.
log('bench: compiling packages/auth-middleware/bench')
try {
  execFileSync(process.execPath, [resolve(paths.root, 'node_modules/typescript/bin/tsc'), '-p', paths.authBenchTsconfig], {
    stdio: 'inherit',
  })
} catch {
  log('bench error: packages/auth-middleware/bench does not compile (see above). Please run `npm run build` first.')
  process.exit(1)
}

/** @type {Omit<BenchResults, 'finishedAt' | 'totalSeconds'>} */
const results = { settings, machine: describeMachine(), startedAt: new Date().toISOString() }
/** @type {string[]} */
const problems = []

/**
 * Runs one section; its problems join the run's.
 *
 * @template {{ problems: string[] }} T
 * @param {string} title
 * @param {() => Promise<T>} run
 * @returns {Promise<T | Failed>}
 */
async function section(title, run) {
  log(`bench: ${title}`)
  const sectionStart = performance.now()
  try {
    const result = await run()
    problems.push(...result.problems.map((problem) => `${title}: ${problem}`))
    return result
  } catch (error) {
    // One section failing must not hide the others' figures.
    problems.push(`${title}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return { failed: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) }
  } finally {
    log(`bench: ${title} took ${Math.round((performance.now() - sectionStart) / 1000)} s`)
  }
}
results.middleware = await section('1. middleware POST /auth', () => benchMiddleware(settings.middleware, log))
results.adapter = await section('2. adapter weight', () => benchAdapterWeight())
results.sandbox = await section('3. sandbox scale', () => benchSandbox(settings.sandbox, log))
results.escalation = await section('4. escalation time (browser)', () => benchEscalation(settings.escalation, log))

const finished = Object.assign(results, {
  finishedAt: new Date().toISOString(),
  totalSeconds: (performance.now() - started) / 1000,
})
finished.goals = goals(finished)
finished.problems = problems
const report = renderReport(finished).join('\n')
console.log(`\n${report}\n`)
await mkdir(paths.results, { recursive: true })
await writeFile(resolve(paths.results, 'latest.json'), `${JSON.stringify(finished, null, 2)}\n`)
log(`bench: wrote bench/results/latest.json in ${Math.round(finished.totalSeconds)} s`)

if (problems.length > 0) {
  for (const problem of problems) log(`bench error: ${problem}`)
  process.exit(1)
}
