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
 *
 * At the top connection count, where ours is compared with the reference, the three designs take turns:
 * round after round, one measured window each. This machine's speed drifts by a quarter over minutes
 * (the reference alone measured 169–263 req/s in single runs), and a design measured a minute after
 * another would carry that drift into the ratio. Each ratio is the median of the rounds' ratios.
 */
export async function benchMiddleware(settings, log) {
  const { connections, warmupSeconds, durationSeconds, repetitions, ceilingSeconds } = settings
  const problems = []
  const rows = []
  const top = Math.max(...connections)
  const load = async (server, label, route, conns, windows, warmup) => {
    const { runs, problems: found } = await loadRoute(server, { ...route, connections: conns, warmupSeconds: warmup, durationSeconds: windows.seconds, repetitions: windows.reps })
    problems.push(...found.map((p) => `${label}: ${p}`))
    return runs
  }
  const addRow = async (server, label, route, conns, runs) => {
    const sample = await server.sample()
    rows.push({ design: label, path: route.path, connections: conns, ...summarizeRuns(runs), peakRssBytes: sample.peakRssBytes })
  }

  // A fresh server per design and connection count: msw keeps heap per request on keep-alive sockets (the
  // Twilio SDK keeps alive), so a long-lived server would be measured with a growing heap and GC.
  const withServers = async (designs, use) => {
    const servers = []
    try {
      for (const d of designs) servers.push(await startServer(d.entry, d.args))
      await use(servers)
    } finally {
      await Promise.all(servers.map((server) => server.stop()))
    }
  }
  const auth = { method: 'POST', path: '/auth', body: AUTH_BODY }
  const ours = (api) => ({ entry: paths.authServer, args: [api], label: `middleware (${api})` })
  const reference = { entry: paths.referenceServer, args: [], label: 'reference design (Express, per-request client)' }

  for (const conns of connections.filter((c) => c !== top)) {
    for (const design of [ours('conversations'), ours('programmable-chat')]) {
      log(`  ${design.label} at ${conns} connections: ${warmupSeconds} s warm-up, ${repetitions} × ${durationSeconds} s`)
      await withServers([design], async ([server]) => {
        const runs = await load(server, design.label, auth, conns, { reps: repetitions, seconds: durationSeconds }, warmupSeconds)
        await addRow(server, design.label, auth, conns, runs)
      })
    }
  }

  const compared = [ours('conversations'), ours('programmable-chat'), reference]
  const turns = new Map()
  log(`  ${compared.map((d) => d.label).join(', ')} at ${top} connections, taking turns: ${warmupSeconds} s warm-up each, ${repetitions} round${repetitions === 1 ? '' : 's'} of ${durationSeconds} s each`)
  await withServers(compared, async (servers) => {
    for (const [i, design] of compared.entries()) await load(servers[i], design.label, auth, top, { reps: 0, seconds: durationSeconds }, warmupSeconds)
    const runs = compared.map(() => [])
    for (let round = 0; round < repetitions; round++) {
      // Who goes first turns too, so no design always follows the same one.
      for (let k = 0; k < compared.length; k++) {
        const i = (round + k) % compared.length
        runs[i].push(...(await load(servers[i], compared[i].label, auth, top, { reps: 1, seconds: durationSeconds }, 0)))
      }
    }
    for (const [i, design] of compared.entries()) {
      await addRow(servers[i], design.label, auth, top, runs[i])
      turns.set(design.label, runs[i])
    }
  })

  // The machine's ceiling for this stack: Fastify answering a static reply, same process and plugins.
  const healthz = { method: 'GET', path: '/healthz' }
  const staticReply = { ...ours('conversations'), label: 'middleware GET /healthz (static reply)' }
  await withServers([staticReply], async ([server]) => {
    const runs = await load(server, staticReply.label, healthz, top, { reps: 1, seconds: ceilingSeconds }, 1)
    await addRow(server, staticReply.label, healthz, top, runs)
  })
  const ceiling = rows.pop()
  // The table reads design by design, whatever order they were measured in.
  const order = compared.map((d) => d.label)
  rows.sort((a, b) => order.indexOf(a.design) - order.indexOf(b.design) || a.connections - b.connections)

  log('  token minting alone')
  const { benchEnvironment, BENCH_API_KEY_SECRET } = await import(paths.benchEnv)
  const minting = await measureTokenMinting({ env: benchEnvironment('conversations'), secret: BENCH_API_KEY_SECRET })
  problems.push(...minting.problems)

  // Paired by round: round i of ours over round i of the reference, then the median of those ratios.
  const ref = turns.get(reference.label)
  const comparisons = ['conversations', 'programmable-chat'].map((api) => {
    const mine = turns.get(ours(api).label)
    const ratioOf = (figure) => summarize(mine.map((run, i) => run[figure] / ref[i][figure])).median
    const throughputRatio = ratioOf('requestsPerSecond')
    const p99Ratio = ratioOf('p99Ms')
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
