/**
 * The presence heartbeat inside a running chat: the desk starts it with the chat, on the page's window and
 * `navigator.sendBeacon` (stubbed here: Node has neither), stops it when the chat ends, and keeps the
 * middleware's notices to the agent away from the visitor.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { message } from '../../test/fake-transport.js'
import { buildDesk, connectMessage, flush, type Harness, startedDesk } from '../../test/harness.js'
import { carbonHost } from '../../test/hosts.js'
import { FRESH_TOKEN, MIDDLEWARE, presenceAnswer, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import type { PersistedChat } from './persisted-state.js'
import { DEFAULT_HEARTBEAT_MS, HELD_CHAT_MS } from './presence.js'

const middleware = useFakeMiddleware()

let page: EventTarget
let beacons: { url: string; data: string }[]
beforeEach(() => {
  page = new EventTarget()
  beacons = []
  vi.stubGlobal('window', page)
  vi.stubGlobal('navigator', {
    sendBeacon: (url: string, data: string) => {
      beacons.push({ url, data })
      return true
    },
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
})

const heartbeats = () => middleware.of('presence').filter((request) => (request.body as { state: string }).state === 'here')
const pagehide = () => page.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: false }))

describe('a chat tells the middleware that the visitor is on the page', () => {
  let h: Harness
  afterEach(() => h.desk.endChat({}))

  it('from its start: a heartbeat with the session token, then one every 30 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    h = await startedDesk(carbonHost())
    await flush()
    expect(heartbeats()).toEqual([expect.objectContaining({ authorization: `Bearer ${SESSION_TOKEN}` })])
    await vi.advanceTimersByTimeAsync(DEFAULT_HEARTBEAT_MS)
    expect(heartbeats()).toHaveLength(2)
  })

  it('on pagehide, a leaving beacon with the session token in its body', async () => {
    h = await startedDesk(carbonHost())
    await flush()
    pagehide()
    expect(beacons).toHaveLength(1)
    expect(beacons[0]!.url).toBe(`${MIDDLEWARE}chats/presence`)
    expect(JSON.parse(beacons[0]!.data)).toEqual({
      state: 'leaving',
      page: (heartbeats()[0]!.body as { page: string }).page,
      sessionToken: SESSION_TOKEN,
    })
  })

  it('until the visitor ends it: no heartbeat and no beacon afterwards', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    h = await startedDesk(carbonHost())
    await flush()
    await h.desk.endChat({})
    await vi.advanceTimersByTimeAsync(DEFAULT_HEARTBEAT_MS * 3)
    pagehide()
    expect(heartbeats()).toHaveLength(1)
    expect(beacons).toEqual([])
  })

  it('until Flex ends it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    h = await startedDesk(carbonHost())
    await flush()
    h.transport.emit('chatEnded')
    await flush()
    await vi.advanceTimersByTimeAsync(DEFAULT_HEARTBEAT_MS * 3)
    pagehide()
    expect(heartbeats()).toHaveLength(1)
    expect(beacons).toEqual([])
  })

  it("never shows the visitor the middleware's notices to the agent", async () => {
    h = await startedDesk(carbonHost())
    h.transport.deliver(
      message(1, 'system', 'The visitor left the page. The chat ends in 5 minutes unless they come back.', {
        kind: 'visitor-presence',
        presence: 'left',
      }),
    )
    h.transport.deliver(message(2, 'system', 'The visitor is back.', { kind: 'visitor-presence', presence: 'back' }))
    await flush()
    expect(h.host.names()).not.toContain('sendMessageToUser')
    expect(h.host.names()).not.toContain('agentJoined')
  })
})

describe('a page reloaded while the chat waited for an agent', () => {
  /** What the first page persisted while waiting: Carbon calls reconnect() only once an agent joined. */
  async function waitingThenReloaded() {
    const first = await startedDesk(carbonHost())
    await flush()
    const saved = structuredClone(first.host.stored()) as PersistedChat
    expect(saved.agents).toEqual([])
    // The old page goes away without ending anything on Flex (a reload); its desk is stopped here.
    await first.desk.endChat({ endedByAgent: true })
    middleware.reset()
    // The reloaded desk holds the chat once its chat engine has loaded (`import()`): its first heartbeat says so.
    const held = new Promise<void>((resolve) =>
      middleware.answer('presence', () => {
        resolve()
        return presenceAnswer()
      }),
    )
    const host = carbonHost(saved)
    const reloaded = await buildDesk(host, {}, saved)
    await held
    await flush()
    return { saved, reloaded }
  }
  let h: Harness | undefined
  afterEach(async () => {
    await h?.desk.endChat({})
    h = undefined
  })

  it('keeps the chat alive: the new page beats for it at once, before the visitor asks again', async () => {
    const { saved, reloaded } = await waitingThenReloaded()
    h = reloaded
    expect(heartbeats()).toEqual([expect.objectContaining({ authorization: `Bearer ${saved.sessionToken}` })])
  })

  it('asking for an agent again takes the same chat back (its place in the queue), without a new /auth', async () => {
    const { saved, reloaded } = await waitingThenReloaded()
    h = reloaded
    await h.desk.startChat(connectMessage, {})
    await flush()
    expect(middleware.of('auth')).toEqual([])
    expect(middleware.of('refresh')).toHaveLength(1)
    expect(h.transport.connectedWith).toMatchObject({ chatSid: saved.chatSid, token: FRESH_TOKEN })
    // The running chat beats with its own page id from now on.
    expect(new Set(heartbeats().map((request) => (request.body as { page: string }).page)).size).toBe(2)
  })

  it('not asking again within the hold: the chat is let go (leaving), and the next request opens a new chat', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { saved, reloaded } = await waitingThenReloaded()
    h = reloaded
    const heldPage = (heartbeats()[0]!.body as { page: string }).page
    const heldBeats = () => heartbeats().filter((request) => (request.body as { page: string }).page === heldPage).length
    await vi.advanceTimersByTimeAsync(HELD_CHAT_MS)
    expect(beacons.map((beacon) => JSON.parse(beacon.data))).toEqual([
      { state: 'leaving', page: heldPage, sessionToken: saved.sessionToken },
    ])
    expect(h.host.stored()).toEqual({})
    const beats = heldBeats()
    await vi.advanceTimersByTimeAsync(DEFAULT_HEARTBEAT_MS * 2)
    expect(heldBeats()).toBe(beats)
    vi.useRealTimers()
    await h.desk.startChat(connectMessage, {})
    expect(middleware.of('auth')).toHaveLength(1)
  })

  it('a chat an agent had joined is not held: the host resumes it with reconnect()', async () => {
    const first = await startedDesk(carbonHost())
    first.transport.emit('memberJoined', {
      identity: 'agent-ana',
      loadProfile: async () => ({ friendlyName: 'Ana' }),
    })
    await flush()
    const saved = structuredClone(first.host.stored()) as PersistedChat
    expect(saved.agents).toHaveLength(1)
    await first.desk.endChat({ endedByAgent: true })
    middleware.reset()
    h = await buildDesk(carbonHost(saved), {}, saved)
    await flush()
    expect(heartbeats()).toEqual([])
    await expect(h.desk.reconnect()).resolves.toBe(true)
    await flush()
    expect(heartbeats()).toHaveLength(1)
  })
})
