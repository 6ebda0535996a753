import { loadRoute } from '../lib/load.mjs'
import { paths } from '../lib/paths.mjs'
import { startServer } from '../lib/server-process.mjs'
import { summarize } from '../lib/stats.mjs'
import { measureTokenMinting } from '../lib/token-minting.mjs'

/** @typedef {import('../lib/load.mjs').Route} Route */
/** @typedef {import('../lib/load.mjs').RunFigures} RunFigures */
/** @typedef {import('../lib/server-process.mjs').BenchServer} BenchServer */
/** @typedef {{ entry: string, args: string[], label: string }} Design a server to start, and its row's name */

/**
 * @typedef {object} MiddlewareSettings
 * @property {number[]} connections each measured; the highest is where the designs are compared
 * @property {number} warmupSeconds
 * @property {number} durationSeconds one measured window
 * @property {number} repetitions windows per design and connection count
 * @property {number} ceilingSeconds the `GET /healthz` window
 */

/**
 * @typedef {ReturnType<typeof summarizeRuns> & { design: string, path: string, connections: number, peakRssBytes: number }} Row
 *   one line of the report's table
 */

/**
 * @typedef {object} Comparison ours against the reference design, at the top connection count
 * @property {string} api
 * @property {number} connections
 * @property {number} throughputRatio median of the rounds' ours / reference req/s
 * @property {number} p99Ratio median of the rounds' ours / reference p99
 * @property {boolean} goalMet
 */

/**
 * @typedef {object} MiddlewareResults
 * @property {Row[]} rows
 * @property {Row} ceiling `GET /healthz`, a static reply
 * @property {Awaited<ReturnType<typeof measureTokenMinting>>} minting
 * @property {Comparison[]} comparisons
 * @property {string[]} problems
 */

/**
 * The `i`-th item of a list this section has just filled: a missing one is a bug of the bench, not a figure.
 *
 * @template T
 * @param {readonly T[]} list
 * @param {number} i
 * @returns {T}
 */
function at(list, i) {
  const item = list[i]
  if (item === undefined) {
    throw new Error(`The middleware bench lost an item of a list it had just made (index ${i} of ${list.length}).`)
  }
  return item
}

/** What a visitor's adapter sends: a topic, the assistant's hand-over and a short summary. */
export const AUTH_BODY = {
  visitorName: 'Ada',
  topic: 'billing',
  messageToHumanAgent: 'I was charged twice for my order',
  summary: ['Visitor: I was charged twice', 'Assistant: Billing questions are best handled by our billing team.'],
  locale: 'en-US',
}

/** @param {RunFigures[]} runs */
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
 *
 * @param {MiddlewareSettings} settings
 * @param {(line: string) => void} log
 * @returns {Promise<MiddlewareResults>}
 */
export async function benchMiddleware(settings, log) {
  const { connections, warmupSeconds, durationSeconds, repetitions, ceilingSeconds } = settings
  /** @type {string[]} */
  const problems = []
  /** @type {Row[]} */
  const rows = []
  const top = Math.max(...connections)
  /**
   * @param {BenchServer} server
   * @param {string} label
   * @param {Route} route
   * @param {number} conns
   * @param {{ reps: number, seconds: number }} windows
   * @param {number} warmup seconds
   */
  const load = async (server, label, route, conns, windows, warmup) => {
    const { runs, problems: found } = await loadRoute(server, {
      ...route,
      connections: conns,
      warmupSeconds: warmup,
      durationSeconds: windows.seconds,
      repetitions: windows.reps,
    })
    problems.push(...found.map((p) => `${label}: ${p}`))
    return runs
  }
  /**
   * @param {BenchServer} server
   * @param {string} label
   * @param {Route} route
   * @param {number} conns
   * @param {RunFigures[]} runs
   */
  const addRow = async (server, label, route, conns, runs) => {
    const sample = await server.sample()
    rows.push({ design: label, path: route.path, connections: conns, ...summarizeRuns(runs), peakRssBytes: sample.peakRssBytes })
  }

  // A fresh server per design and connection count: msw keeps heap per request on keep-alive sockets (the
  // Twilio SDK keeps alive), so a long-lived server would be measured with a growing heap and GC.
  /**
   * @param {Design[]} designs
   * @param {(servers: BenchServer[]) => Promise<void>} use the servers, in the order of `designs`
   */
  const withServers = async (designs, use) => {
    /** @type {BenchServer[]} */
    const servers = []
    try {
      for (const d of designs) servers.push(await startServer(d.entry, d.args))
      await use(servers)
    } finally {
      await Promise.all(servers.map((server) => server.stop()))
    }
  }
  /** @type {Route} */
  const auth = { method: 'POST', path: '/auth', body: AUTH_BODY }
  /**
   * @param {string} api
   * @returns {Design}
   */
  const ours = (api) => ({ entry: paths.authServer, args: [api], label: `middleware (${api})` })
  /** @type {Design} */
  const reference = { entry: paths.referenceServer, args: [], label: 'reference design (Express, per-request client)' }

  for (const conns of connections.filter((c) => c !== top)) {
    for (const design of [ours('conversations'), ours('programmable-chat')]) {
      log(`  ${design.label} at ${conns} connections: ${warmupSeconds} s warm-up, ${repetitions} × ${durationSeconds} s`)
      await withServers([design], async (servers) => {
        const server = at(servers, 0)
        const runs = await load(server, design.label, auth, conns, { reps: repetitions, seconds: durationSeconds }, warmupSeconds)
        await addRow(server, design.label, auth, conns, runs)
      })
    }
  }

  const compared = [ours('conversations'), ours('programmable-chat'), reference]
  /** @type {Map<string, RunFigures[]>} */
  const turns = new Map()
  log(
    `  ${compared.map((d) => d.label).join(', ')} at ${top} connections, taking turns: ${warmupSeconds} s warm-up each, ${repetitions} round${repetitions === 1 ? '' : 's'} of ${durationSeconds} s each`,
  )
  await withServers(compared, async (servers) => {
    for (const [i, design] of compared.entries())
      await load(at(servers, i), design.label, auth, top, { reps: 0, seconds: durationSeconds }, warmupSeconds)
    /** @type {RunFigures[][]} */
    const runs = compared.map(() => [])
    for (let round = 0; round < repetitions; round++) {
      // Who goes first turns too, so no design always follows the same one.
      for (let k = 0; k < compared.length; k++) {
        const i = (round + k) % compared.length
        at(runs, i).push(...(await load(at(servers, i), at(compared, i).label, auth, top, { reps: 1, seconds: durationSeconds }, 0)))
      }
    }
    for (const [i, design] of compared.entries()) {
      await addRow(at(servers, i), design.label, auth, top, at(runs, i))
      turns.set(design.label, at(runs, i))
    }
  })

  // The machine's ceiling for this stack: Fastify answering a static reply, same process and plugins.
  /** @type {Route} */
  const healthz = { method: 'GET', path: '/healthz' }
  const staticReply = { ...ours('conversations'), label: 'middleware GET /healthz (static reply)' }
  await withServers([staticReply], async (servers) => {
    const server = at(servers, 0)
    const runs = await load(server, staticReply.label, healthz, top, { reps: 1, seconds: ceilingSeconds }, 1)
    await addRow(server, staticReply.label, healthz, top, runs)
  })
  const ceiling = rows.pop()
  if (!ceiling) throw new Error('The middleware bench lost its GET /healthz row.')
  // The table reads design by design, whatever order they were measured in.
  const order = compared.map((d) => d.label)
  rows.sort((a, b) => order.indexOf(a.design) - order.indexOf(b.design) || a.connections - b.connections)

  log('  token minting alone')
  /** @type {import('../types/auth-middleware.js').BenchEnvModule} */
  const { benchEnvironment, BENCH_API_KEY_SECRET } = await import(paths.benchEnv)
  const minting = await measureTokenMinting({ env: benchEnvironment('conversations'), secret: BENCH_API_KEY_SECRET })
  problems.push(...minting.problems)

  // Paired by round: round i of ours over round i of the reference, then the median of those ratios.
  /** @param {string} label */
  const roundsOf = (label) => {
    const runs = turns.get(label)
    if (!runs) throw new Error(`The middleware bench has no rounds of ${label}.`)
    return runs
  }
  const ref = roundsOf(reference.label)
  /** @type {Comparison[]} */
  const comparisons = ['conversations', 'programmable-chat'].map((api) => {
    const mine = roundsOf(ours(api).label)
    /** @param {'requestsPerSecond' | 'p99Ms'} figure */
    const ratioOf = (figure) => summarize(mine.map((run, i) => run[figure] / at(ref, i)[figure])).median
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
