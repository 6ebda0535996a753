import { loadRoute } from '../lib/load.mjs'
import { paths } from '../lib/paths.mjs'
import { countRoundTrips } from '../lib/round-trips.mjs'
import { startServer } from '../lib/server-process.mjs'
import { summarize } from '../lib/stats.mjs'
import { measureTokenMinting } from '../lib/token-minting.mjs'
import { startTwilioFake } from '../lib/twilio-fake.mjs'

/** @typedef {import('../lib/load.mjs').Route} Route */
/** @typedef {import('../lib/load.mjs').RunFigures} RunFigures */
/** @typedef {import('../lib/server-process.mjs').BenchServer} BenchServer */
/** @typedef {Awaited<ReturnType<typeof startTwilioFake>>} TwilioFake */

/**
 * @typedef {object} MiddlewareSettings
 * @property {number} connections where the designs are compared
 * @property {number[]} latenciesMs Twilio's injected latency per call, each measured
 * @property {number} warmupSeconds
 * @property {number} durationSeconds one measured window
 * @property {number} rounds windows per design and latency, the designs taking turns
 * @property {{ connections: number, latencyMs: number, seconds: number }} overload ours beyond the pool's ceiling
 * @property {number} calibrationRequests requests sent one at a time to count round trips
 */

/**
 * @typedef {object} Design a server to start, and its row's name
 * @property {string} key
 * @property {string} label
 * @property {string} entry
 * @property {string[]} args
 */

/**
 * @typedef {object} Row one design at one latency
 * @property {string} design its key
 * @property {string} label
 * @property {number} latencyMs
 * @property {number} connections
 * @property {import('../lib/stats.mjs').Summary} requestsPerSecond
 * @property {import('../lib/stats.mjs').Summary} p50Ms
 * @property {import('../lib/stats.mjs').Summary} p99Ms
 * @property {import('../lib/stats.mjs').Summary} cpuMsPerRequest
 * @property {import('../lib/stats.mjs').Summary} twilioCallsPerRequest
 * @property {number} roundTrips sequential Twilio round trips per request
 * @property {number} non2xx replies that were not 2xx, errors and timeouts, over every window
 * @property {number} requests
 * @property {number} idleRssBytes the server's RSS after start-up and a GC
 * @property {number} peakRssBytes the server's highest RSS over the run
 * @property {number | undefined} boundShare at a latency: req/s over connections / (round trips × latency)
 */

/**
 * @typedef {object} Comparison ours against a peer at one latency: medians of the rounds' ratios
 * @property {string} ours
 * @property {string} peer
 * @property {number} latencyMs
 * @property {number} throughputRatio
 * @property {number} p99Ratio
 */

/**
 * @typedef {object} Overload ours at many more connections than the pool's sockets
 * @property {number} connections
 * @property {number} latencyMs
 * @property {number} maxSockets TWILIO_MAX_SOCKETS
 * @property {number} requestsPerSecond
 * @property {number} p50Ms
 * @property {number} p99Ms
 * @property {number} non2xx
 * @property {number} poolBound req/s the pool allows: per host, sockets / (calls to it per request × latency)
 * @property {number} connectionBound req/s the connections allow: connections / (round trips × latency)
 */

/**
 * @typedef {object} MiddlewareResults
 * @property {Row[]} rows
 * @property {Comparison[]} comparisons
 * @property {Overload | undefined} overload
 * @property {{ fakeCpuMsPerCall: number, fakePeakRssBytes: number, fakeIdleRssBytes: number }} twilio the fake's own cost
 * @property {Awaited<ReturnType<typeof measureTokenMinting>>} minting
 * @property {string[]} problems
 */

/** What a visitor's adapter sends: a topic, the assistant's hand-over and a short summary. */
export const AUTH_BODY = {
  visitorName: 'Ada',
  topic: 'billing',
  messageToHumanAgent: 'I was charged twice for my order',
  summary: ['Visitor: I was charged twice', 'Assistant: Billing questions are best handled by our billing team.'],
  locale: 'en-US',
}

/** The designs, side by side: ours on both APIs, the straightforward Conversations design, the predecessor's. */
export const DESIGNS = /** @type {const} */ ([
  { key: 'conversations', label: 'ours (conversations)', entry: paths.authServer, args: ['conversations'] },
  { key: 'programmable-chat', label: 'ours (programmable-chat)', entry: paths.authServer, args: ['programmable-chat'] },
  { key: 'straightforward', label: 'straightforward Conversations design', entry: paths.straightforwardServer, args: [] },
  { key: 'predecessor', label: "predecessor's design (IBM starter)", entry: paths.referenceServer, args: [] },
])

/** The pairs the goals judge: ours over the design it must beat. */
const PAIRS = [
  { ours: 'conversations', peer: 'straightforward' },
  { ours: 'conversations', peer: 'predecessor' },
  { ours: 'programmable-chat', peer: 'predecessor' },
]

/** @type {Route} */
const AUTH = { method: 'POST', path: '/auth', body: AUTH_BODY }

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
  if (item === undefined) throw new Error(`The middleware bench lost an item of a list it had just made (index ${i} of ${list.length}).`)
  return item
}

/**
 * Section 1: `POST /auth` of every design against Twilio as production meets it — an HTTPS server in its
 * own process (bench/lib/twilio-fake.mjs: a self-signed `*.twilio.com` certificate the servers trust, the
 * names resolved to 127.0.0.1 inside them, every request checked against Twilio's OpenAPI specs), with
 * each latency of `latenciesMs` injected per call. The real `twilio` SDK makes real HTTPS calls through
 * its connection pool. At each latency the designs take turns, one window each per round, so the
 * machine's drift hits them alike; every ratio is the median of the rounds' ratios.
 *
 * @param {MiddlewareSettings} settings
 * @param {(line: string) => void} log
 * @returns {Promise<MiddlewareResults>}
 */
export async function benchMiddleware(settings, log) {
  const { connections, latenciesMs, warmupSeconds, durationSeconds, rounds } = settings
  /** @type {string[]} */
  const problems = []
  /** @type {Row[]} */
  const rows = []
  /** @type {Comparison[]} */
  const comparisons = []
  /** @type {Map<string, number>} */
  const roundTrips = new Map()
  /** @type {Map<string, Record<string, number>>} Twilio calls per request to each host, by design */
  const callsByHost = new Map()
  let fakeCpuMs = 0
  let fakeCalls = 0
  let fakePeakRssBytes = 0
  let fakeIdleRssBytes = Number.POSITIVE_INFINITY
  /** @type {Overload | undefined} */
  let overload
  /** @type {import('../types/auth-middleware.js').BenchEnvModule} */
  const { benchEnvironment, BENCH_API_KEY_SECRET } = await import(paths.benchEnv)
  const maxSockets = Number(benchEnvironment('conversations').TWILIO_MAX_SOCKETS)

  for (const latencyMs of latenciesMs) {
    const fake = await startTwilioFake({ latencyMs })
    fakeIdleRssBytes = Math.min(fakeIdleRssBytes, (await fake.sample()).rssBytes)
    /** @type {BenchServer[]} */
    const servers = []
    try {
      for (const design of DESIGNS) {
        servers.push(await startServer(design.entry, [...design.args], { execArgv: fake.execArgv(), env: fake.env() }))
      }
      const idle = await Promise.all(servers.map(async (server) => (await server.sample()).rssBytes))
      // Round trips are the design's, whatever the latency: counted where the waves stand apart.
      if (latencyMs > 0 && roundTrips.size === 0) {
        log(`  counting sequential Twilio round trips: ${settings.calibrationRequests} requests one at a time per design`)
        for (const [i, design] of DESIGNS.entries()) {
          const counted = await countRoundTrips(at(servers, i), fake, { count: settings.calibrationRequests, body: AUTH_BODY })
          roundTrips.set(design.key, counted.roundTrips)
          callsByHost.set(design.key, counted.callsByHost)
        }
      }
      // The fake counts per window (loadRoute resets it with the server); its cost and complaints add up here.
      const upstream = {
        reset: () => fake.reset(),
        async sample() {
          const sample = await fake.sample()
          fakeCpuMs += sample.cpuUserMs + sample.cpuSystemMs
          fakeCalls += sample.calls
          fakePeakRssBytes = Math.max(fakePeakRssBytes, sample.peakRssBytes)
          problems.push(...sample.violations.map((v) => `Twilio at ${latencyMs} ms: a request off Twilio's spec: ${v}`))
          if (sample.violationCount > sample.violations.length)
            problems.push(`Twilio at ${latencyMs} ms: ${sample.violationCount - sample.violations.length} more requests off Twilio's spec`)
          return sample
        },
      }
      /**
       * @param {BenchServer} server
       * @param {number} reps
       * @param {number} warmup
       */
      const load = async (server, reps, warmup, conns = connections, seconds = durationSeconds) => {
        const { runs, problems: found } = await loadRoute(server, {
          ...AUTH,
          connections: conns,
          warmupSeconds: warmup,
          durationSeconds: seconds,
          repetitions: reps,
          upstream,
        })
        problems.push(...found.map((p) => `Twilio at ${latencyMs} ms: ${p}`))
        return runs
      }
      log(
        `  Twilio at ${latencyMs} ms: ${DESIGNS.length} designs at ${connections} connections, taking turns: ${warmupSeconds} s warm-up each, ${rounds} rounds of ${durationSeconds} s`,
      )
      for (const server of servers) await load(server, 0, warmupSeconds)
      /** @type {RunFigures[][]} */
      const runs = DESIGNS.map(() => [])
      for (let round = 0; round < rounds; round++) {
        // Who goes first turns too, so no design always follows the same one.
        for (let k = 0; k < DESIGNS.length; k++) {
          const i = (round + k) % DESIGNS.length
          at(runs, i).push(...(await load(at(servers, i), 1, 0)))
        }
      }
      for (const [i, design] of DESIGNS.entries()) {
        const designRuns = at(runs, i)
        const sample = await at(servers, i).sample()
        const trips = roundTrips.get(design.key) ?? NaN
        const rps = summarize(designRuns.map((r) => r.requestsPerSecond))
        rows.push({
          design: design.key,
          label: design.label,
          latencyMs,
          connections,
          requestsPerSecond: rps,
          p50Ms: summarize(designRuns.map((r) => r.p50Ms)),
          p99Ms: summarize(designRuns.map((r) => r.p99Ms)),
          cpuMsPerRequest: summarize(designRuns.map((r) => r.cpuMsPerRequest)),
          twilioCallsPerRequest: summarize(designRuns.map((r) => r.upstreamCallsPerRequest)),
          roundTrips: trips,
          non2xx: designRuns.reduce((sum, r) => sum + r.failed, 0),
          requests: designRuns.reduce((sum, r) => sum + r.requests, 0),
          idleRssBytes: at(idle, i),
          peakRssBytes: sample.peakRssBytes,
          boundShare: latencyMs > 0 ? rps.median / (connections / (trips * (latencyMs / 1000))) : undefined,
        })
      }
      // Last, once every row has its peak RSS: 1,000 connections are not what the RSS goal is about.
      if (latencyMs > 0 && settings.overload.latencyMs === latencyMs) {
        const { connections: many, seconds } = settings.overload
        log(`  ours (conversations) at ${many} connections, Twilio at ${latencyMs} ms: 1 window of ${seconds} s`)
        const [run] = await load(at(servers, 0), 1, 1, many, seconds)
        if (run)
          overload = overloadFigures(run, {
            connections: many,
            latencyMs,
            maxSockets,
            roundTrips: roundTrips.get('conversations') ?? NaN,
            callsByHost: callsByHost.get('conversations') ?? {},
          })
      }
      for (const { ours, peer } of PAIRS) {
        const mine = at(
          runs,
          DESIGNS.findIndex((d) => d.key === ours),
        )
        const theirs = at(
          runs,
          DESIGNS.findIndex((d) => d.key === peer),
        )
        /** @param {'requestsPerSecond' | 'p99Ms'} figure */
        const ratioOf = (figure) => summarize(mine.map((run, i) => run[figure] / at(theirs, i)[figure])).median
        comparisons.push({ ours, peer, latencyMs, throughputRatio: ratioOf('requestsPerSecond'), p99Ratio: ratioOf('p99Ms') })
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()))
      await fake.stop()
    }
  }

  // Rows measured before the round trips were counted (the latency-free ones) get them now: they are the design's.
  for (const row of rows) if (!Number.isFinite(row.roundTrips)) row.roundTrips = roundTrips.get(row.design) ?? NaN

  log('  token minting alone')
  const minting = await measureTokenMinting({ env: benchEnvironment('conversations'), secret: BENCH_API_KEY_SECRET })
  problems.push(...minting.problems)
  return {
    rows,
    comparisons,
    overload,
    twilio: { fakeCpuMsPerCall: fakeCalls > 0 ? fakeCpuMs / fakeCalls : NaN, fakePeakRssBytes, fakeIdleRssBytes },
    minting,
    problems,
  }
}

/**
 * The figures of ours beyond the pool: what it served, and the two bounds (the pool's sockets per host,
 * the connections) it meets.
 *
 * @param {RunFigures} run
 * @param {{ connections: number, latencyMs: number, maxSockets: number, roundTrips: number, callsByHost: Record<string, number> }} load
 *   `callsByHost`: calls per request to each host, counted one request at a time (under load, a window's
 *   ratio of calls to replies counts the calls of requests still waiting)
 * @returns {Overload}
 */
function overloadFigures(run, { connections, latencyMs, maxSockets, roundTrips, callsByHost }) {
  const busiest = Math.max(1, ...Object.values(callsByHost))
  return {
    connections,
    latencyMs,
    maxSockets,
    requestsPerSecond: run.requestsPerSecond,
    p50Ms: run.p50Ms,
    p99Ms: run.p99Ms,
    non2xx: run.failed,
    poolBound: maxSockets / (busiest * (latencyMs / 1000)),
    connectionBound: connections / (roundTrips * (latencyMs / 1000)),
  }
}
