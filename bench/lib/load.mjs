import autocannon from 'autocannon'

/** Visitors behind the reverse proxy: TEST-NET-1 addresses in X-Forwarded-For (headers only; traffic stays on 127.0.0.1). */
const VISITOR_ADDRESSES = Array.from({ length: 64 }, (/** @type {unknown} */ _, i) => `192.0.2.${i + 1}`)

/**
 * @typedef {object} Route one route of a bench server
 * @property {string} [method] `GET` unless said
 * @property {string} path
 * @property {unknown} [body] sent as JSON
 */

/**
 * @typedef {object} RunFigures one measured window, from autocannon and the server's own counters
 * @property {number} requestsPerSecond
 * @property {number} p50Ms
 * @property {number} p99Ms
 * @property {number} requests
 * @property {number} cpuMsPerRequest NaN without responses
 * @property {number} upstreamCallsPerRequest NaN without responses
 * @property {number} failed non-2xx replies, errors and timeouts
 * @property {number} rssBytes
 * @property {number} peakRssBytes
 */

/**
 * @typedef {object} Upstream a counter of the calls the server makes, outside it (the Twilio fake)
 * @property {() => Promise<void>} reset resolves once zeroed
 * @property {() => Promise<{ calls: number }>} sample since the reset
 */

/**
 * One autocannon run; resolves with its result.
 *
 * @param {import('autocannon').Options} options
 * @returns {Promise<import('autocannon').Result>}
 */
function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

/**
 * Loads one route of a bench server: `warmupSeconds` unmeasured, then `repetitions` runs of
 * `durationSeconds`, each with the server's own CPU and response counters (see server-process.mjs).
 * Requests cycle over 64 visitor addresses in X-Forwarded-For, as behind a proxy.
 *
 * Returns one entry per repetition plus `problems`: failed requests, non-2xx replies, timeouts, or what
 * the server reported wrong. A slow figure is never a problem.
 *
 * @example
 * const { runs, problems } = await loadRoute(server, { method: 'POST', path: '/auth', body, connections: 100 })
 *
 * @param {import('./server-process.mjs').BenchServer} server
 * @param {Route & { connections: number, warmupSeconds: number, durationSeconds: number, repetitions: number, upstream?: Upstream }} load
 *   `upstream`: count the server's calls there (the server's own counter when absent)
 * @returns {Promise<{ runs: RunFigures[], problems: string[] }>}
 */
export async function loadRoute(
  server,
  { method = 'GET', path, body, connections, warmupSeconds, durationSeconds, repetitions, upstream },
) {
  const requests = VISITOR_ADDRESSES.map((address) => ({
    method,
    path,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }))
  // A reply slower than 30 s counts as failed; slower than that is a slow figure, not an error.
  const base = { url: server.url, connections, requests, timeout: 30 }
  /** @type {string[]} */
  const problems = []
  const label = `${method} ${path} at ${connections} connections`
  /**
   * @param {import('autocannon').Result} result
   * @param {import('./server-process.mjs').ProbeSample} sample
   */
  const check = (result, sample) => {
    const failed = result.errors + result.timeouts + result.non2xx
    if (failed > 0) {
      problems.push(
        `${label}: ${result.non2xx} non-2xx replies, ${result.errors} errors, ${result.timeouts} timeouts` +
          (sample?.failures ? ` (server statuses: ${JSON.stringify(sample.failureStatuses)})` : ''),
      )
    }
    if (sample?.problems.length) problems.push(...sample.problems.map((p) => `${label}: ${p}`))
  }

  if (warmupSeconds > 0) {
    server.reset()
    const warm = await run({ ...base, duration: warmupSeconds })
    check(warm, await server.sample())
  }
  /** @type {RunFigures[]} */
  const runs = []
  for (let i = 0; i < repetitions; i++) {
    server.reset()
    await upstream?.reset()
    const result = await run({ ...base, duration: durationSeconds })
    const sample = await server.sample()
    const outside = await upstream?.sample()
    check(result, sample)
    const perResponse = (/** @type {number} */ n) => (sample.responses > 0 ? n / sample.responses : NaN)
    runs.push({
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      cpuMsPerRequest: sample.responses > 0 ? sample.cpuMs / sample.responses : NaN,
      upstreamCallsPerRequest: perResponse(outside ? outside.calls : sample.upstreamCalls),
      failed: result.errors + result.timeouts + result.non2xx,
      rssBytes: sample.rssBytes,
      peakRssBytes: sample.peakRssBytes,
    })
  }
  return { runs, problems }
}
