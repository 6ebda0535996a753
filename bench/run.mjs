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

const quick = process.env.BENCH_QUICK === '1'
const settings = {
  middleware: quick
    ? { connections: [10, 100], warmupSeconds: 1, durationSeconds: 2, repetitions: 1, ceilingSeconds: 2 }
    : {
        connections: [10, 100],
        warmupSeconds: 3,
        // The 10 s windows: build + bench take about 4 minutes on 2 cores (under its 5).
        durationSeconds: Number(process.env.BENCH_DURATION_SECONDS ?? 10),
        repetitions: 3,
        ceilingSeconds: 4,
      },
  sandbox: quick ? { chats: 200, agents: 10, relaySeconds: 3, messageIntervalMs: 10_000 } : { chats: 1000, agents: 10, relaySeconds: 5, messageIntervalMs: 10_000 },
  escalation: { runs: quick ? 2 : 5 },
}

const log = (line) => process.stderr.write(`${line}\n`)
const started = performance.now()

// The bench servers are TypeScript beside the middleware (they reuse its spec checker): compile them.
log('bench: compiling packages/auth-middleware/bench')
try {
  execFileSync(process.execPath, [resolve(paths.root, 'node_modules/typescript/bin/tsc'), '-p', paths.authBenchTsconfig], { stdio: 'inherit' })
} catch {
  log('bench error: packages/auth-middleware/bench does not compile (see above). Please run `npm run build` first.')
  process.exit(1)
}

const results = { settings, machine: describeMachine(), startedAt: new Date().toISOString() }
const problems = []
const sections = [
  ['middleware', '1. middleware POST /auth', () => benchMiddleware(settings.middleware, log)],
  ['adapter', '2. adapter weight', () => benchAdapterWeight()],
  ['sandbox', '3. sandbox scale', () => benchSandbox(settings.sandbox, log)],
  ['escalation', '4. escalation time (browser)', () => benchEscalation(settings.escalation, log)],
]
for (const [key, title, run] of sections) {
  log(`bench: ${title}`)
  const sectionStart = performance.now()
  try {
    results[key] = await run()
    problems.push(...results[key].problems.map((problem) => `${title}: ${problem}`))
  } catch (error) {
    // One section failing must not hide the others' figures.
    results[key] = { failed: error instanceof Error ? error.message.split('\n')[0] : String(error) }
    problems.push(`${title}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
  }
  log(`bench: ${title} took ${Math.round((performance.now() - sectionStart) / 1000)} s`)
}

results.finishedAt = new Date().toISOString()
results.totalSeconds = (performance.now() - started) / 1000
results.goals = goals(results)
results.problems = problems
const report = renderReport(results).join('\n')
console.log(`\n${report}\n`)
await mkdir(paths.results, { recursive: true })
await writeFile(resolve(paths.results, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
log(`bench: wrote bench/results/latest.json in ${Math.round(results.totalSeconds)} s`)

if (problems.length > 0) {
  for (const problem of problems) log(`bench error: ${problem}`)
  process.exit(1)
}
