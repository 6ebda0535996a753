import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import type { Figures } from './figures.js'

const LABELS: [keyof Figures, string][] = [
  ['requestsFuzzed', 'requests fuzzed (HTTP)'],
  ['wsFramesFuzzed', 'WebSocket frames fuzzed'],
  ['responses5xx', '5xx responses'],
  ['faultsInjected', 'Twilio faults injected'],
  ['orphansLeft', 'orphans left (open chats/tasks)'],
  ['rateLimited', 'requests rate-limited (429)'],
  ['secretsLeaked', 'secrets found in logs'],
  ['messagesSent', 'chaos messages sent'],
  ['messagesDelivered', 'chaos messages delivered'],
  ['messagesLost', 'messages lost'],
  ['messagesDuplicated', 'messages duplicated'],
  ['messagesOutOfOrder', 'messages out of order'],
  ['connectionDrops', 'visitor connections cut'],
  ['restarts', 'middleware restarts'],
]

/**
 * Gives the reliability suites a fresh directory for their figures and, once every suite ran, prints
 * one summary block of their sums.
 *
 * @example
 * // vitest.reliability.config.ts
 * test: { globalSetup: ['./test/reliability/global-setup.ts'] }
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'flex-escalate-reliability-'))
  project.provide('reliabilityFiguresDir', dir)
  return () => {
    const totals = Object.fromEntries(LABELS.map(([key]) => [key, 0])) as unknown as Figures
    const suites = new Set<string>()
    for (const file of readdirSync(dir)) {
      const { suite, figures } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { suite: string; figures: Partial<Figures> }
      suites.add(suite)
      for (const [key, value] of Object.entries(figures) as [keyof Figures, number][]) totals[key] += value
    }
    rmSync(dir, { recursive: true, force: true })
    const width = Math.max(...LABELS.map(([, label]) => label.length))
    const lines = LABELS.map(([key, label]) => `  ${label.padEnd(width)}  ${totals[key].toLocaleString('en-US')}`)
    process.stdout.write(`\n── reliability summary (${[...suites].sort().join(', ') || 'no suite reported'}) ──\n${lines.join('\n')}\n\n`)
  }
}
