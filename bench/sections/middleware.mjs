import { loadRoute } from '../lib/load.mjs'
import { paths } from '../lib/paths.mjs'
import { startServer } from '../lib/server-process.mjs'
import { summarize } from '../lib/stats.mjs'
import { measureTokenMinting } from '../lib/token-minting.mjs'

/** What a visitor's adapter sends: a topic, the assistant's hand-over and a short summary. */
export const AUTH_BODY = {
  visitorName: 'Ada',
  topic: 'billing',
  messageToHumanAgent: 'I was charged twice for my order',
  summary: ['Visitor: I was charged twice', 'Assistant: Billing questions are best handled by our billing team.'],
  locale: 'en-US',
}

const summarizeRuns = (runs) => ({
  requestsPerSecond: summarize(runs.map((r) => r.requestsPerSecond)),
  p50Ms: summarize(runs.map((r) => r.p50Ms)),
  p99Ms: summarize(runs.map((r) => r.p99Ms)),
  cpuMsPerRequest: summarize(runs.map((r) => r.cpuMsPerRequest)),
  twilioCallsPerRequest: summarize(runs.map((r) => r.upstreamCallsPerRequest)),
  requests: runs.reduce((sum, r) => sum + r.requests, 0),
})

/**
 * Section 1: `POST /auth` of the middleware for both Flex APIs at each connection count, the reference
 * design (the predecessor's per-request Express handler), a static Fastify reply (`GET /healthz`, the
 * ceiling) and token minting alone. Each server runs in its own child process, fresh per design.
 */
export async function benchMiddleware(settings, log) {
  const { connections, warmupSeconds, durationSeconds, repetitions, ceilingSeconds } = settings
  const problems = []
  const rows = []
  const measure = async (server, label, route, conns, { reps = repetitions, seconds = durationSeconds, warmup = warmupSeconds } = {}) => {
    log(`  ${label} at ${conns} connections: ${warmup} s warm-up, ${reps} × ${seconds} s`)
    const { runs, problems: found } = await loadRoute(server, { ...route, connections: conns, warmupSeconds: warmup, durationSeconds: seconds, repetitions: reps })
    problems.push(...found.map((p) => `${label}: ${p}`))
    const sample = await server.sample()
    rows.push({ design: label, path: route.path, connections: conns, ...summarizeRuns(runs), peakRssBytes: sample.peakRssBytes })
  }

  // A fresh server per measurement: msw keeps heap per request on keep-alive sockets (the Twilio SDK keeps
  // alive), so a long-lived server would be measured with a growing heap and GC.
  const fresh = async (entry, args, label, route, conns, options) => {
    const server = await startServer(entry, args)
    try {
      await measure(server, label, route, conns, options)
    } finally {
      await server.stop()
    }
  }
  const auth = { method: 'POST', path: '/auth', body: AUTH_BODY }
  for (const api of ['conversations', 'programmable-chat']) {
    for (const conns of connections) await fresh(paths.authServer, [api], `middleware (${api})`, auth, conns)
  }
  await fresh(paths.referenceServer, [], 'reference design (Express, per-request client)', auth, Math.max(...connections))
  // The machine's ceiling for this stack: Fastify answering a static reply, same process and plugins.
  await fresh(paths.authServer, ['conversations'], 'middleware GET /healthz (static reply)', { method: 'GET', path: '/healthz' }, Math.max(...connections), {
    reps: 1,
    seconds: ceilingSeconds,
    warmup: 1,
  })
  const ceiling = rows.pop()

  log('  token minting alone')
  const { benchEnvironment, BENCH_API_KEY_SECRET } = await import(paths.benchEnv)
  const minting = await measureTokenMinting({ env: benchEnvironment('conversations'), secret: BENCH_API_KEY_SECRET })
  problems.push(...minting.problems)

  const top = Math.max(...connections)
  const ref = rows.find((r) => r.design.startsWith('reference') && r.connections === top)
  const comparisons = ['conversations', 'programmable-chat'].map((api) => {
    const ours = rows.find((r) => r.design === `middleware (${api})` && r.connections === top)
    const throughputRatio = ours.requestsPerSecond.median / ref.requestsPerSecond.median
    const p99Ratio = ours.p99Ms.median / ref.p99Ms.median
    return {
      api,
      connections: top,
      throughputRatio,
      p99Ratio,
      goalMet: throughputRatio >= 1.3 && p99Ratio < 1,
    }
  })
  return { rows, ceiling, minting, comparisons, problems }
}
