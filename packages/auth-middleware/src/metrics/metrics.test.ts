/**
 * Prometheus metrics (`GET /metrics`): never open by default, behind METRICS_TOKEN on the public listener or
 * on a listener of their own (METRICS_PORT); the counters move as requests are made; labels stay bounded.
 */
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { bearer, type Harness, startHarness } from '../../test/harness.js'
import { freePort } from '../../test/redis/redis-server.js'
import { SANDBOX_ENV } from '../../test/sandbox/sandbox-harness.js'
import { twilioError } from '../../test/twilio/twilio-route.js'
import { buildApp } from '../app.js'
import { loadConfig } from '../config/config.js'
import { METRICS_PATH } from './metrics-plugin.js'

const TOKEN = 'metrics-token-0123456789abcdef0123456789'
const INTERACTION = 'POST flex-api.twilio.com/v1/Interactions'
const QUEUE_STATS = 'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/RealTimeStatistics'

let h: Harness | undefined
afterEach(async () => {
  if (h) expect(h.fake.violations).toEqual([])
  await h?.app.close()
  h = undefined
})

const scrape = async (harness: Harness) => {
  const res = await harness.app.inject({ url: METRICS_PATH, headers: bearer(TOKEN) })
  expect(res.statusCode).toBe(200)
  return res.body
}
/** The value of one sample line (`name{labels} value`), 0 when it is not there yet. */
const sample = (text: string, line: string) => {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `))
  return found ? Number(found.slice(line.length + 1)) : 0
}

describe('GET /metrics', () => {
  it('is not there unless METRICS_TOKEN or METRICS_PORT says so', async () => {
    h = await startHarness()
    expect((await h.app.inject({ url: METRICS_PATH })).statusCode).toBe(404)
  })

  it('behind METRICS_TOKEN: 401 without it or with another, 200 with it', async () => {
    h = await startHarness({ METRICS_TOKEN: TOKEN })
    expect((await h.app.inject({ url: METRICS_PATH })).statusCode).toBe(401)
    expect((await h.app.inject({ url: METRICS_PATH, headers: bearer(`${TOKEN}x`) })).json()).toMatchObject({ error: 'Unauthorized' })
    expect(await scrape(h)).toContain('flex_escalate_process_cpu_user_seconds_total')
  })

  it('counts escalations by outcome and reason, Twilio calls by operation and status, retries, the cache and the rate limit', async () => {
    h = await startHarness({ METRICS_TOKEN: TOKEN, RATE_LIMIT_AUTH_PER_MINUTE: '3' })
    const before = await scrape(h)
    expect(sample(before, 'flex_escalate_escalations_total{outcome="started",reason=""}')).toBe(0)

    const started = (await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' } })).json()
    h.fake.inject(INTERACTION, { kind: 'reply', reply: twilioError(500, 20500, 'Internal Server Error') })
    expect((await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).statusCode).toBe(502)
    // A read that fails once is retried.
    h.fake.inject(QUEUE_STATS, { kind: 'reply', reply: twilioError(503, 20503, 'Service Unavailable') })
    await h.app.inject({ url: '/agents/availability?topic=billing', headers: bearer(started.sessionToken) })
    await h.app.inject({ url: '/agents/availability?topic=billing', headers: bearer(started.sessionToken) })
    await h.app.inject({ method: 'POST', url: '/auth', payload: {} })
    expect((await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).statusCode).toBe(429)

    const after = await scrape(h)
    expect(sample(after, 'flex_escalate_escalations_total{outcome="started",reason=""}')).toBe(2)
    expect(sample(after, 'flex_escalate_escalations_total{outcome="failed",reason="twilio"}')).toBe(1)
    expect(sample(after, 'flex_escalate_escalations_total{outcome="failed",reason="rate-limited"}')).toBe(1)
    expect(sample(after, 'flex_escalate_requests_rate_limited_total{route="/auth"}')).toBe(1)
    expect(sample(after, 'flex_escalate_twilio_call_duration_seconds_count{operation="route the chat to Flex",status="2xx"}')).toBe(2)
    expect(sample(after, 'flex_escalate_twilio_call_duration_seconds_count{operation="route the chat to Flex",status="500"}')).toBe(1)
    expect(sample(after, 'flex_escalate_twilio_retries_total{operation="read the queue statistics"}')).toBe(1)
    expect(sample(after, 'flex_escalate_availability_cache_total{result="miss"}')).toBe(1)
    expect(sample(after, 'flex_escalate_availability_cache_total{result="hit"}')).toBe(1)
    // Bounded labels: no SID, identity or token in any of them.
    expect(after).not.toMatch(/(CH|WT|KD|IS|WQ)[0-9a-f]{32}|anon_|eyJ/)
  })

  it('on a listener of its own with METRICS_PORT, and not on the public one', async () => {
    const port = await freePort()
    h = await startHarness({ METRICS_PORT: String(port), HOST: '127.0.0.1' })
    await h.app.listen({ host: '127.0.0.1', port: 0 })
    const res = await fetch(`http://127.0.0.1:${port}${METRICS_PATH}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('flex_escalate_escalations_total')
    const { port: publicPort } = h.app.server.address() as AddressInfo
    expect((await fetch(`http://127.0.0.1:${publicPort}${METRICS_PATH}`)).status).toBe(404)
  })

  it('in sandbox mode, the open sandbox chats', async () => {
    const app = await buildApp(loadConfig({ ...SANDBOX_ENV, METRICS_TOKEN: TOKEN }))
    try {
      await app.inject({ method: 'POST', url: '/auth', payload: {} })
      await app.inject({ method: 'POST', url: '/auth', payload: {} })
      const text = (await app.inject({ url: METRICS_PATH, headers: bearer(TOKEN) })).body
      expect(sample(text, 'flex_escalate_sandbox_open_chats')).toBe(2)
    } finally {
      await app.close()
    }
  })
})
