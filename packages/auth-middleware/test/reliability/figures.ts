import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { inject } from 'vitest'

/** The figures `npm run test:reliability` prints at the end, summed over every suite. */
export interface Figures {
  requestsFuzzed: number
  wsFramesFuzzed: number
  responses5xx: number
  faultsInjected: number
  orphansLeft: number
  rateLimited: number
  secretsLeaked: number
  messagesSent: number
  messagesDelivered: number
  messagesLost: number
  messagesDuplicated: number
  messagesOutOfOrder: number
  connectionDrops: number
  restarts: number
}

export type FigureName = keyof Figures

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory the suites write their figures to (see global-setup.ts). */
    reliabilityFiguresDir: string
  }
}

/**
 * Adds figures of one suite to this run's summary: each call writes one small JSON file that the global
 * teardown sums (test files run in separate processes, so there is no shared memory to count in).
 *
 * @example
 * recordFigures('bad-input', { requestsFuzzed: 1200, responses5xx: 0 })
 */
export function recordFigures(suite: string, figures: Partial<Figures>): void {
  const dir = inject('reliabilityFiguresDir')
  writeFileSync(join(dir, `${suite}-${randomUUID()}.json`), JSON.stringify({ suite, figures }))
}
