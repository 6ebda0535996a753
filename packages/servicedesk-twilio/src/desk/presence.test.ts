/**
 * The presence heartbeat and the `pagehide` beacon, against the msw middleware (requests checked against the
 * middleware's own schemas) on an injected clock: nothing here waits for time to pass.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { flush, silentLogger } from '../../test/harness.js'
import { errorReply, MIDDLEWARE, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import { MiddlewareClient } from '../middleware/middleware-client.js'
import { DEFAULT_HEARTBEAT_MS, HEARTBEAT_RETRY_MS, type PresenceEnvironment, PresenceHeartbeat } from './presence.js'

const middleware = useFakeMiddleware()

/** A clock that only moves when the test says, as the heartbeat's `schedule`. */
function manualSchedule() {
  let now = 0
  const waits = new Set<{ at: number; run: () => void }>()
  return {
    schedule: (run: () => void, ms: number) => {
      const wait = { at: now + ms, run }
      waits.add(wait)
      return () => void waits.delete(wait)
    },
    /** Moves time on by `ms`, running what falls due, then lets the heartbeat's requests finish. */
    async advance(ms: number) {
      now += ms
      for (const wait of [...waits].sort((a, b) => a.at - b.at)) {
        if (wait.at > now) continue
        waits.delete(wait)
        wait.run()
        await settle()
      }
      await settle()
    },
    pending: () => waits.size,
  }
}

/** Lets every request the heartbeat started reach the fake middleware and its answer come back. */
async function settle() {
  for (let i = 0; i < 5; i++) await flush()
}

/** A page: its window (where pagehide fires) and its sendBeacon, recorded. */
function fakePage(options: { beacons?: boolean } = {}) {
  const events = new EventTarget()
  const beacons: { url: string; data: string }[] = []
  const environment: PresenceEnvironment = {
    events,
    sendBeacon:
      options.beacons === false
        ? undefined
        : (url, data) => {
            beacons.push({ url, data })
            return true
          },
  }
  const lifecycle = (type: 'pagehide' | 'pageshow', persisted: boolean) =>
    events.dispatchEvent(Object.assign(new Event(type), { persisted }))
  return { events, beacons, environment, lifecycle }
}

let heartbeat: PresenceHeartbeat | undefined
afterEach(() => heartbeat?.stop())

function startHeartbeat(page = fakePage()) {
  const clock = manualSchedule()
  heartbeat = new PresenceHeartbeat(new MiddlewareClient(MIDDLEWARE), SESSION_TOKEN, silentLogger, {
    ...page.environment,
    schedule: clock.schedule,
  })
  heartbeat.start()
  return { clock, page, heartbeat }
}

const beats = () => middleware.of('presence').filter((request) => (request.body as { state?: string }).state === 'here')

describe('the presence heartbeat', () => {
  it('beats at once with the session token, then every heartbeatSeconds the middleware answers', async () => {
    middleware.answer('presence', () => Response.json({ heartbeatSeconds: 5 }))
    const { clock, heartbeat } = startHeartbeat()
    await settle()
    expect(beats()).toEqual([
      expect.objectContaining({ authorization: `Bearer ${SESSION_TOKEN}`, body: { state: 'here', page: heartbeat.page } }),
    ])
    expect(heartbeat.page).toMatch(/^[0-9a-f]{32}$/)
    await clock.advance(4_999)
    expect(beats()).toHaveLength(1)
    await clock.advance(1)
    expect(beats()).toHaveLength(2)
    await clock.advance(5_000)
    expect(beats()).toHaveLength(3)
  })

  it('after a failed heartbeat tries again in 5 s, doubling up to the period; one that succeeds goes back to the period', async () => {
    let down = true
    middleware.answer('presence', () => (down ? errorReply(503, 'Service Unavailable', 'down') : Response.json({ heartbeatSeconds: 30 })))
    const { clock } = startHeartbeat()
    await settle()
    // Failed at 0: again at 5 s, 15 s, 35 s, then every 30 s (the period) while the middleware stays down.
    for (const [wait, count] of [
      [HEARTBEAT_RETRY_MS - 1, 1],
      [1, 2],
      [2 * HEARTBEAT_RETRY_MS, 3],
      [4 * HEARTBEAT_RETRY_MS, 4],
      [DEFAULT_HEARTBEAT_MS - 1, 4],
      [1, 5],
    ] as const) {
      await clock.advance(wait)
      expect(beats()).toHaveLength(count)
    }
    down = false
    await clock.advance(DEFAULT_HEARTBEAT_MS)
    expect(beats()).toHaveLength(6)
    // Heard again: the next comes a full period later, not sooner.
    await clock.advance(DEFAULT_HEARTBEAT_MS - 1)
    expect(beats()).toHaveLength(6)
    await clock.advance(1)
    expect(beats()).toHaveLength(7)
    expect(clock.pending()).toBe(1)
  })

  it('stops for good when the middleware has no presence route (404) or refuses the session (401)', async () => {
    for (const status of [404, 401]) {
      middleware.reset()
      middleware.answer('presence', () => errorReply(status, 'x', 'no'))
      const { clock, heartbeat } = startHeartbeat()
      await settle()
      expect(heartbeat.running).toBe(false)
      await clock.advance(DEFAULT_HEARTBEAT_MS * 3)
      expect(beats()).toHaveLength(1)
    }
  })

  it('stops on stop(): no more heartbeats, and no beacon on pagehide', async () => {
    const { clock, page, heartbeat } = startHeartbeat()
    await settle()
    heartbeat.stop()
    await clock.advance(DEFAULT_HEARTBEAT_MS * 3)
    page.lifecycle('pagehide', false)
    expect(beats()).toHaveLength(1)
    expect(page.beacons).toEqual([])
  })

  it('beats at once when the page comes back from the back-forward cache, or the network comes back', async () => {
    const { page } = startHeartbeat()
    await settle()
    page.lifecycle('pageshow', false)
    await settle()
    expect(beats()).toHaveLength(1)
    page.lifecycle('pageshow', true)
    await settle()
    expect(beats()).toHaveLength(2)
    page.events.dispatchEvent(new Event('online'))
    await settle()
    expect(beats()).toHaveLength(3)
  })
})

describe('the leaving beacon', () => {
  it('on pagehide, sends a beacon with the session token in a JSON string body (text/plain: no preflight)', async () => {
    const { page, heartbeat } = startHeartbeat()
    await settle()
    page.lifecycle('pagehide', false)
    expect(page.beacons).toEqual([
      {
        url: `${MIDDLEWARE}chats/presence`,
        data: JSON.stringify({ state: 'leaving', page: heartbeat.page, sessionToken: SESSION_TOKEN }),
      },
    ])
    // A page going into the back-forward cache hides too: it may never come back.
    page.lifecycle('pagehide', true)
    expect(page.beacons).toHaveLength(2)
  })

  it('without sendBeacon, posts the same text/plain body with a keepalive fetch the middleware accepts', async () => {
    const { page, heartbeat } = startHeartbeat(fakePage({ beacons: false }))
    await settle()
    page.lifecycle('pagehide', false)
    await settle()
    const leaving = middleware.of('presence').filter((request) => (request.body as { state?: string }).state === 'leaving')
    expect(leaving).toEqual([
      expect.objectContaining({
        authorization: null,
        contentType: 'text/plain;charset=UTF-8',
        body: { state: 'leaving', page: heartbeat.page, sessionToken: SESSION_TOKEN },
      }),
    ])
  })
})
