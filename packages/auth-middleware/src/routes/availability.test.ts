import { createManualClock } from '@flex-escalate/flex-sandbox/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { bearer, type Harness, SIDS, startHarness } from '../../test/harness.js'

let h: Harness
afterEach(async () => {
  expect(h.fake.violations).toEqual([])
  await h.app.close()
})

const STATS = 'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/RealTimeStatistics'
const availability = (query = '', headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'GET', url: `/agents/availability${query}`, headers })

describe('GET /agents/availability', () => {
  it('answers from the real-time statistics of the topic queue', async () => {
    h = await startHarness()
    h.fake.availableWorkers.set(SIDS.billingQueue, 2)
    expect((await availability('?topic=Billing')).json()).toEqual({ agentsOnline: true })
    expect(h.fake.calls(STATS)[0]!.params.TaskQueueSid).toBe(SIDS.billingQueue)
    expect((await availability('?topic=shipping')).json()).toEqual({ agentsOnline: false })
    expect(h.fake.calls(STATS)[1]!.params.TaskQueueSid).toBe(SIDS.defaultQueue)
  })

  it('answers null when no queue is configured for the topic', async () => {
    h = await startHarness({ TWILIO_QUEUE_SID: '' })
    expect((await availability('?topic=shipping')).json()).toEqual({ agentsOnline: null })
    expect(h.fake.calls(STATS)).toHaveLength(0)
  })

  it('with a session token, tells the place in the queue and a wait estimate', async () => {
    h = await startHarness({ AVAILABILITY_CACHE_SECONDS: '1' })
    h.fake.averageWait.set(SIDS.billingQueue, 120)
    const first = (await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' } })).json()
    const second = (await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' } })).json()
    expect((await availability('', bearer(second.sessionToken))).json()).toEqual({
      agentsOnline: false,
      positionInQueue: 2,
      estimatedWaitSeconds: 120,
    })
    expect((await availability('', bearer(first.sessionToken))).json()).toMatchObject({ positionInQueue: 1, estimatedWaitSeconds: 60 })
  })

  it('finds legacy chats in the queue by their task', async () => {
    h = await startHarness({ TWILIO_CHAT_API: 'programmable-chat' })
    const chat = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    expect((await availability('', bearer(chat.sessionToken))).json()).toEqual({ agentsOnline: false, positionInQueue: 1 })
  })

  it('leaves the position out once the chat is no longer waiting', async () => {
    h = await startHarness({ AVAILABILITY_CACHE_SECONDS: '1' })
    const chat = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    h.fake.tasks[0]!.status = 'assigned'
    expect((await availability('', bearer(chat.sessionToken))).json()).toEqual({ agentsOnline: false })
  })

  it('shares one TaskRouter snapshot per queue between visitors for the cache period', async () => {
    // The cache runs on the app's clock: a manual one moves the period on without waiting it out.
    const clock = createManualClock()
    h = await startHarness({ AVAILABILITY_CACHE_SECONDS: '1' }, { clock })
    await Promise.all(Array.from({ length: 20 }, () => availability('?topic=billing')))
    await availability('?topic=billing')
    expect(h.fake.calls(STATS)).toHaveLength(1)
    clock.advance(999)
    await availability('?topic=billing')
    expect(h.fake.calls(STATS)).toHaveLength(1)
    clock.advance(2)
    await availability('?topic=billing')
    expect(h.fake.calls(STATS)).toHaveLength(2)
  })

  it('refuses a bad session token rather than answering without it', async () => {
    h = await startHarness()
    expect((await availability('', bearer('not.a.token'))).statusCode).toBe(401)
  })

  it('answers 502 when TaskRouter fails (retries off), and recovers on the next call', async () => {
    h = await startHarness({ TWILIO_RETRY_BUDGET_MS: '0' })
    h.fake.fail(STATS, 500)
    const res = await availability('?topic=billing')
    expect(res.statusCode).toBe(502)
    expect(res.json().message).toMatch(/^Failed to read the queue statistics: Twilio answered 500/)
    expect((await availability('?topic=billing')).statusCode).toBe(200)
  })
})
