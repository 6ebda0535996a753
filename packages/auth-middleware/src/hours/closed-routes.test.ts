/**
 * Issue 15, opening hours: outside them `/agents/availability` answers closed with the next opening and
 * `POST /auth` is refused with `closed`, both before Flex is asked anything (on Twilio: no request at all to
 * Twilio, seen by msw), and the same in the sandbox.
 */
import { CLOSED_ERROR } from '@flex-escalate/api'
import { createManualClock } from '@flex-escalate/flex-sandbox/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, SIDS, startHarness } from '../../test/harness.js'
import { server } from '../../test/msw-server.js'
import { type SandboxHarness, startSandbox } from '../../test/sandbox/sandbox-harness.js'

/** Monday to Friday 09:00-17:00 in Paris; billing also on Saturday mornings, in New York. */
const HOURS_ENV = {
  OPENING_HOURS: JSON.stringify({
    timeZone: 'Europe/Paris',
    weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']])),
    closedDates: ['2026-12-25'],
  }),
  OPENING_HOURS_BY_TOPIC: JSON.stringify({ billing: { timeZone: 'America/New_York', weekly: { sat: ['09:00-12:00'] } } }),
}
/** Friday 4 December 2026, 17:30 in Paris. */
const FRIDAY_EVENING = Date.parse('2026-12-04T16:30:00Z')
const MONDAY_OPENING = '2026-12-07T08:00:00.000Z'
const STATS = 'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/RealTimeStatistics'

/** Every request that left for Twilio's hosts (msw sees them all, whatever the fake answers). */
function twilioRequests(): () => string[] {
  const urls: string[] = []
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).hostname.endsWith('twilio.com')) urls.push(`${request.method} ${request.url}`)
  })
  return () => urls
}

describe.each(['conversations', 'programmable-chat'] as const)('opening hours on Twilio (%s)', (chatApi) => {
  let h: Harness
  afterEach(async () => {
    server.events.removeAllListeners()
    expect(h.fake.violations).toEqual([])
    await h.app.close()
  })

  it('after closing time: availability says closed with Monday 09:00, and /auth is refused, without one Twilio request', async () => {
    const clock = createManualClock(FRIDAY_EVENING)
    h = await startHarness({ ...HOURS_ENV, TWILIO_CHAT_API: chatApi }, { clock })
    const requests = twilioRequests()

    const availability = await h.app.inject({ method: 'GET', url: '/agents/availability?topic=shipping' })
    expect(availability.statusCode).toBe(200)
    expect(availability.json()).toEqual({ agentsOnline: false, closed: { nextOpening: MONDAY_OPENING, timeZone: 'Europe/Paris' } })

    const auth = await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'shipping', visitorName: 'Ada' } })
    expect(auth.statusCode).toBe(503)
    expect(auth.json()).toEqual({
      error: CLOSED_ERROR,
      message: `Failed to start a chat: the support team is closed until ${MONDAY_OPENING} (Europe/Paris). Please come back then.`,
      closed: { nextOpening: MONDAY_OPENING, timeZone: 'Europe/Paris' },
    })
    // Monday 09:00 Paris is 63.5 hours after Friday 17:30.
    expect(auth.headers['retry-after']).toBe(String(63.5 * 3600))

    expect(requests()).toEqual([])
    expect(h.fake.tasks).toHaveLength(0)
  })

  it('a topic with hours of its own follows them, in its own zone', async () => {
    // Saturday 5 December 10:00 in New York: billing is open, the rest closed.
    const clock = createManualClock(Date.parse('2026-12-05T15:00:00Z'))
    h = await startHarness({ ...HOURS_ENV, TWILIO_CHAT_API: chatApi }, { clock })
    h.fake.availableWorkers.set(SIDS.billingQueue, 1)
    expect((await h.app.inject({ method: 'GET', url: '/agents/availability?topic=Billing' })).json()).toEqual({ agentsOnline: true })
    expect((await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' } })).statusCode).toBe(201)
    expect((await h.app.inject({ method: 'GET', url: '/agents/availability' })).json()).toEqual({
      agentsOnline: false,
      closed: { nextOpening: MONDAY_OPENING, timeZone: 'Europe/Paris' },
    })
  })

  it('during opening hours asks TaskRouter as before, and opens the chat', async () => {
    const clock = createManualClock(FRIDAY_EVENING - 3600_000)
    h = await startHarness({ ...HOURS_ENV, TWILIO_CHAT_API: chatApi }, { clock })
    const requests = twilioRequests()
    expect((await h.app.inject({ method: 'GET', url: '/agents/availability?topic=shipping' })).json()).toEqual({ agentsOnline: false })
    expect(h.fake.calls(STATS)).toHaveLength(1)
    // What the closed case counts sees Twilio's requests when there are some.
    expect(requests()).toContainEqual(
      expect.stringMatching(/^GET https:\/\/taskrouter\.twilio\.com\/v1\/Workspaces\/.*\/RealTimeStatistics/),
    )
    const auth = await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'shipping' } })
    expect(auth.statusCode).toBe(201)

    // Closing time comes while the chat waits: it keeps its place in the queue (its session token says so).
    clock.advance(3600_000)
    const waiting = await h.app.inject({
      method: 'GET',
      url: '/agents/availability?topic=shipping',
      headers: { authorization: `Bearer ${auth.json().sessionToken}` },
    })
    expect(waiting.json()).not.toHaveProperty('closed')
    expect(waiting.json().positionInQueue).toBe(1)
  })
})

describe('opening hours in the sandbox', () => {
  let h: SandboxHarness
  afterEach(async () => {
    await h.close()
  })

  it('with the test clock past closing time: availability says closed, /auth refuses and the sandbox opens no chat', async () => {
    h = await startSandbox({ env: { ...HOURS_ENV, OPENING_HOURS_TEST_NOW: '2026-12-04T17:30:00+01:00' } })
    const availability = await fetch(`${h.base}/agents/availability`)
    expect(await availability.json()).toEqual({ agentsOnline: false, closed: { nextOpening: MONDAY_OPENING, timeZone: 'Europe/Paris' } })
    const auth = await fetch(`${h.base}/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(auth.status).toBe(503)
    expect(((await auth.json()) as { error: string }).error).toBe(CLOSED_ERROR)
    expect(h.sandbox.chats.openChatCount()).toBe(0)
  })

  it('with the test clock inside opening hours: opens chats as before', async () => {
    h = await startSandbox({ env: { ...HOURS_ENV, OPENING_HOURS_TEST_NOW: '2026-12-04T16:59:00+01:00' } })
    expect(await (await fetch(`${h.base}/agents/availability`)).json()).not.toHaveProperty('closed')
    expect((await h.escalate({})).transport).toBe('sandbox')
  })
})
