/**
 * Issue 12, "nothing left open on Flex": once `/auth` has queued a Flex chat, every way the visitor loses it
 * (connecting fails or times out, a new chat replaces it, a reload cannot resume it) ends it through
 * `/chats/end`, in the background, without delaying what the visitor sees.
 */
import { HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { startedKitDesk, useDeskKits } from '../../test/desk-kits.js'
import { buildDesk, connectMessage, flush } from '../../test/harness.js'
import { carbonHost, v8Host } from '../../test/hosts.js'
import { errorReply, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import { CONNECT_TIMEOUT_MS } from './chat-engine.js'
import type { PersistedChat } from './persisted-state.js'

const middleware = useFakeMiddleware()
const { kits } = useDeskKits(middleware)

/** `/chats/end` answers only when the test says so: proof that nothing the visitor sees waits for it. */
function holdEnds() {
  const waiting: Array<() => void> = []
  let held = true
  const ended = () => new HttpResponse(null, { status: 204 })
  middleware.answer('end', () => (held ? new Promise<Response>((resolve) => waiting.push(() => resolve(ended()))) : ended()))
  return {
    /** Answers the calls held so far, and every later one at once. */
    release: () => {
      held = false
      for (const answer of waiting.splice(0)) answer()
    },
  }
}

const ends = () => middleware.of('end').map((request) => request.authorization)

describe.each(kits)('after /auth queued a Flex chat, on the $name transport', (kit) => {
  it('connecting fails: the visitor gets the connecting error at once, and /chats/end ends the queued chat', async () => {
    const held = holdEnds()
    const host = carbonHost()
    const { desk, shutDown } = await kit.build(host)
    kit.failNextConnect()
    await expect(desk.startChat(connectMessage, {})).rejects.toThrow(/could not open the chat/)
    expect(host.argsOf('setErrorStatus').map(([info]) => info)).toMatchObject([{ type: 1 }])
    expect(shutDown()).toBe(true)
    await vi.waitFor(() => expect(ends()).toEqual([`Bearer ${SESSION_TOKEN}`]))
    held.release()
  })

  it('a new startChat over a live chat ends the old chat on Flex, and the new one opens', async () => {
    const held = holdEnds()
    const kitDesk = await startedKitDesk(kit, carbonHost())
    await kitDesk.desk.startChat(connectMessage, {})
    expect(kitDesk.loads()).toBe(2)
    await vi.waitFor(() => expect(ends()).toEqual([`Bearer ${SESSION_TOKEN}`]))
    held.release()
    await kitDesk.desk.endChat({})
  })

  it.each([
    ['v8', v8Host],
    ['carbon', carbonHost],
  ] as const)('reconnect() (%s) that cannot open the stored chat ends it on Flex, and resolves false', async (_host, makeHost) => {
    const first = await startedKitDesk(kit, makeHost())
    const saved = { ...(structuredClone(first.host.stored()) as PersistedChat), chatSid: `CH${'e'.repeat(32)}` }
    // The first page is gone (reloaded): it says nothing more.
    await first.desk.endChat({ endedByAgent: true })
    const after = await kit.build(makeHost(saved), {}, saved)
    kit.failNextConnect()
    await expect(after.desk.reconnect()).resolves.toBe(false)
    expect(middleware.of('refresh')).toHaveLength(1)
    await vi.waitFor(() => expect(ends()).toEqual([`Bearer ${SESSION_TOKEN}`]))
  })
})

describe('ending on Flex, whatever the transport', () => {
  it('a failed /chats/end is tried again with backoff (1 s, 4 s, 15 s) while the visitor already has the error', async () => {
    let refusals = 2
    middleware.answer('end', () =>
      refusals-- > 0 ? errorReply(503, 'flex_unavailable', 'Twilio answered 503') : new HttpResponse(null, { status: 204 }),
    )
    const h = await buildDesk(carbonHost())
    h.transport.failConnect = new Error('Access token invalid')
    vi.useFakeTimers()
    await expect(h.desk.startChat(connectMessage, {})).rejects.toThrow(/could not open the chat/)
    await vi.advanceTimersByTimeAsync(0)
    expect(middleware.of('end')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(middleware.of('end')).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(4_000)
    expect(middleware.of('end')).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(middleware.of('end')).toHaveLength(3)
  })

  it('connecting that takes longer than 30 s ends the Flex chat too', async () => {
    const h = await buildDesk(carbonHost())
    h.transport.hangConnect = true
    vi.useFakeTimers()
    const starting = h.desk.startChat(connectMessage, {}).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(CONNECT_TIMEOUT_MS)
    await expect(starting).resolves.toMatchObject({ message: expect.stringMatching(/could not open the chat/) })
    expect(h.transport.shutDown).toBe(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(ends()).toEqual([`Bearer ${SESSION_TOKEN}`])
  })

  it('nothing is ended when /auth itself failed (no Flex chat was queued)', async () => {
    middleware.answer('auth', () => errorReply(503, 'flex_unavailable', 'Twilio answered 503'))
    const h = await buildDesk(carbonHost())
    await expect(h.desk.startChat(connectMessage, {})).rejects.toThrow(/not available right now/)
    await flush()
    expect(ends()).toEqual([])
  })

  it('reconnect() does not end the chat when Flex ended it, or when the middleware refuses the session', async () => {
    const first = await buildDesk(carbonHost())
    await first.desk.startChat(connectMessage, {})
    const saved = structuredClone(first.host.stored()) as PersistedChat
    await first.desk.endChat({ endedByAgent: true })

    const ended = await buildDesk(carbonHost(saved), {}, saved)
    ended.transport.snapshot = { ended: true, members: [] }
    await expect(ended.desk.reconnect()).resolves.toBe(false)

    middleware.answer('refresh', () => errorReply(401, 'unauthorized', 'The session token was rejected'))
    const refused = await buildDesk(carbonHost(saved), {}, saved)
    await expect(refused.desk.reconnect()).resolves.toBe(false)
    await flush()
    expect(ends()).toEqual([])
  })

  it('a failed /chats/end when the visitor ends the chat is tried again in the background', async () => {
    let refusals = 1
    middleware.answer('end', () =>
      refusals-- > 0 ? errorReply(502, 'bad_gateway', 'Twilio is down') : new HttpResponse(null, { status: 204 }),
    )
    const h = await buildDesk(carbonHost())
    await h.desk.startChat(connectMessage, {})
    vi.useFakeTimers()
    await h.desk.endChat({})
    expect(middleware.of('end')).toHaveLength(1)
    expect(h.transport.shutDown).toBe(true)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(middleware.of('end')).toHaveLength(2)
  })
})
