import { summarize } from './stats.mjs'

/**
 * @typedef {object} TracedCall one Twilio call as the fake saw it (bench/lib/twilio-fake.mjs)
 * @property {string} op
 * @property {number} startMs
 * @property {number} endMs
 */

/**
 * How many Twilio round trips one request waits for, one after another: the calls it makes, grouped into
 * waves, where a call that starts after every call of the wave before it has ended opens a new wave (calls
 * made in parallel share one). From the fake's own timestamps, traced for one request at a time; with an
 * injected latency the waves stand apart by it.
 *
 * @example
 * sequentialRoundTrips([{ op: 'a', startMs: 0, endMs: 150 }, { op: 'b', startMs: 151, endMs: 301 }]) // 2
 *
 * @param {readonly TracedCall[]} calls the calls of one request
 * @returns {number}
 */
export function sequentialRoundTrips(calls) {
  const sorted = [...calls].sort((a, b) => a.startMs - b.startMs)
  let waves = 0
  let waveEnd = Number.NEGATIVE_INFINITY
  for (const call of sorted) {
    if (call.startMs >= waveEnd) {
      waves++
      waveEnd = call.endMs
    } else waveEnd = Math.max(waveEnd, call.endMs)
  }
  return waves
}

/**
 * Sends `count` requests one at a time, each traced alone by the fake: the median of their sequential
 * round trips (see round-trips.mjs), and of their calls to each Twilio host (what the pool limits).
 *
 * @example
 * const { roundTrips } = await countRoundTrips(server, fake, { count: 5, body: AUTH_BODY })
 *
 * @param {import('./server-process.mjs').BenchServer} server
 * @param {Awaited<ReturnType<typeof import('./twilio-fake.mjs').startTwilioFake>>} fake
 * @param {{ count: number, body: unknown }} requests `POST /auth` bodies
 * @returns {Promise<{ roundTrips: number, callsByHost: Record<string, number> }>}
 */
export async function countRoundTrips(server, fake, { count, body }) {
  /** @type {number[]} */
  const trips = []
  /** @type {Map<string, number[]>} */
  const perHost = new Map()
  for (let i = 0; i < count; i++) {
    await fake.trace(64)
    const res = await fetch(`${server.url}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}` },
      body: JSON.stringify(body),
    })
    await res.arrayBuffer()
    const calls = await fake.stopTrace()
    if (res.status !== 201 || calls.length === 0) continue
    trips.push(sequentialRoundTrips(calls))
    /** @type {Record<string, number>} */
    const hosts = {}
    for (const call of calls) {
      const host = call.op.split(' ')[1]?.split('/')[0] ?? 'unknown'
      hosts[host] = (hosts[host] ?? 0) + 1
    }
    for (const [host, n] of Object.entries(hosts)) perHost.set(host, [...(perHost.get(host) ?? []), n])
  }
  return {
    roundTrips: summarize(trips).median,
    callsByHost: Object.fromEntries([...perHost].map(([host, counts]) => [host, summarize(counts).median])),
  }
}
