/**
 * The measuring side of a bench server: it runs inside the server's child process and answers the
 * orchestrator over IPC, so figures describe the server alone (not the load generator beside it).
 *
 * Messages in: `{ type: 'reset' }` starts a window; `{ type: 'sample', gc?: true }` ends it.
 * Messages out: `{ type: 'ready', port }` once listening, `{ type: 'sample', ... }` per sample.
 */

export interface ProbeSample {
  type: 'sample'
  /** CPU time (user + system) of this process since the last reset, in ms. */
  cpuMs: number
  /** Requests the server made to (the in-process) Twilio since the last reset. */
  upstreamCalls: number
  /** HTTP responses since the last reset, and how many were not 2xx. */
  responses: number
  failures: number
  /** Status codes of the failures (e.g. `{ "429": 12 }`), to say why in an error message. */
  failureStatuses: Record<string, number>
  rssBytes: number
  heapUsedBytes: number
  /** Highest resident set size since the process started (getrusage). */
  peakRssBytes: number
  /** Anything the server found wrong (a reply or request off Twilio's spec). */
  problems: string[]
}

export interface Probe {
  /** Count one HTTP response with its status code. */
  count(statusCode: number): void
  /** Tell the orchestrator the server listens on `port`. */
  ready(port: number): void
}

/**
 * Starts answering the orchestrator. `problems` is read at each sample.
 *
 * @example
 * const probe = startProbe(() => twilio.violations)
 * app.addHook('onResponse', async (_req, reply) => probe.count(reply.statusCode))
 */
export function startProbe(problems: () => readonly string[], upstreamCalls: () => number = () => 0): Probe {
  if (!process.send)
    throw new Error('Failed to start the bench probe: this server must be started by the bench with an IPC channel (fork).')
  let cpu = process.cpuUsage()
  let upstreamAtReset = upstreamCalls()
  let responses = 0
  let failures = 0
  let failureStatuses: Record<string, number> = {}
  process.on('message', (message: { type?: string; gc?: boolean }) => {
    if (message.type === 'reset') {
      cpu = process.cpuUsage()
      upstreamAtReset = upstreamCalls()
      responses = 0
      failures = 0
      failureStatuses = {}
    } else if (message.type === 'sample') {
      // Only for memory figures: a collection first, so that RSS counts what is live.
      if (message.gc && typeof globalThis.gc === 'function') globalThis.gc()
      const used = process.cpuUsage(cpu)
      const memory = process.memoryUsage()
      const sample: ProbeSample = {
        type: 'sample',
        cpuMs: (used.user + used.system) / 1000,
        upstreamCalls: upstreamCalls() - upstreamAtReset,
        responses,
        failures,
        failureStatuses,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        problems: [...problems()],
      }
      // biome-ignore lint/style/noNonNullAssertion: the probe runs only as a forked child (bench/lib/server-process.mjs), where process.send exists.
      process.send!(sample)
    } else if (message.type === 'stop') {
      process.exit(0)
    }
  })
  // The orchestrator went away: do not linger as an orphan.
  process.on('disconnect', () => process.exit(0))
  return {
    count(statusCode) {
      responses++
      if (statusCode >= 300) {
        failures++
        failureStatuses[statusCode] = (failureStatuses[statusCode] ?? 0) + 1
      }
    },
    ready(port) {
      // biome-ignore lint/style/noNonNullAssertion: the probe runs only as a forked child (bench/lib/server-process.mjs), where process.send exists.
      process.send!({ type: 'ready', port })
    },
  }
}
