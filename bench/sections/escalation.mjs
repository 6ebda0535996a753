import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile, rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { paths } from '../lib/paths.mjs'
import { summarize } from '../lib/stats.mjs'

/**
 * @typedef {object} EscalationFigures
 * @property {number} runs escalations timed
 * @property {import('../lib/stats.mjs').Summary} connectToOfferMs
 * @property {import('../lib/stats.mjs').Summary} acceptToJoinedMs
 * @property {string[]} problems
 */

/**
 * Section 4: escalation time in real Chromium on the sandbox, through the demo's e2e machinery
 * (`packages/demo-webchat/e2e/escalation-timing.bench.ts`, run by vitest with its own config).
 * When that bench fails, the section is `failed` (not measured), with vitest's output in `problems`.
 *
 * @param {{ runs: number }} settings escalations to time
 * @param {(line: string) => void} log
 * @returns {Promise<EscalationFigures | { failed: string, problems: string[] }>}
 */
export async function benchEscalation({ runs }, log) {
  const output = resolve(paths.results, 'escalation-times.tmp.json')
  await rm(output, { force: true })
  const vitest = resolve(paths.root, 'node_modules/vitest/vitest.mjs')
  const child = spawn(process.execPath, [vitest, 'run', '--config', paths.escalationConfig], {
    cwd: paths.demoWebchat,
    env: { ...process.env, ESCALATION_RUNS: String(runs), ESCALATION_TIMES_FILE: output, IBM_TELEMETRY_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let printed = ''
  child.stdout.on('data', (/** @type {Buffer} */ chunk) => (printed = (printed + chunk).slice(-20_000)))
  child.stderr.on('data', (/** @type {Buffer} */ chunk) => (printed = (printed + chunk).slice(-20_000)))
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000)
  /** @type {unknown[]} exit code, signal */
  const [code] = await once(child, 'exit')
  clearTimeout(timer)
  if (code !== 0) {
    // `failed`, so that the report says "not measured" instead of rendering figures that do not exist.
    const failed = `the browser escalation bench failed (vitest exited ${code})`
    return { failed, problems: [`${failed}:\n${printed.trim().split('\n').slice(-30).join('\n')}`] }
  }
  /** @type {{ runs: { connectToOfferMs: number, acceptToJoinedMs: number }[] }} written by escalation-timing.bench.ts */
  const { runs: timings } = JSON.parse(await readFile(output, 'utf8'))
  await rm(output, { force: true })
  log(`  ${timings.length} escalations timed`)
  return {
    runs: timings.length,
    connectToOfferMs: summarize(timings.map((t) => t.connectToOfferMs)),
    acceptToJoinedMs: summarize(timings.map((t) => t.acceptToJoinedMs)),
    problems: [],
  }
}
