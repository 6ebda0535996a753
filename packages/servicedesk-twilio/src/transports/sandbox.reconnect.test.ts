/**
 * The sandbox transport's own reconnection, on real sockets: the fake sandbox drops, restarts, refuses or
 * forgets the chat, and the tests watch the events the desk would get and the frames the sandbox receives.
 */
import { describe, expect, it, vi } from 'vitest'
import { SANDBOX_TOKEN, SANDBOX_VISITOR, wireMember } from '../../test/fake-sandbox.js'
import { flush } from '../../test/harness.js'
import { eventNames, useFakeSandbox } from '../../test/sandbox-harness.js'
import { record } from '../../test/transport-contract.js'

const h = useFakeSandbox()

async function connected(members = [wireMember(SANDBOX_VISITOR, 'Visitor'), wireMember('agent-ana', 'Ana')]) {
  h.sandbox.members = members
  const transport = h.transport()
  await transport.connect(h.params())
  return { transport, seen: record(transport) }
}

const authenticatedWith = () => h.sandbox.of('authenticate').map((frame) => frame.token)

/**
 * A request whose outcome the test checks later: marked as handled now, so that if it rejects while the test
 * still waits for something else, the test fails on it when it awaits it, not with an "Unhandled Rejection".
 */
function later<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined)
  return request
}

describe('sandbox transport: reconnection', () => {
  it('a dropped socket: disconnected, reconnect, authenticate again with the newest token, connected', async () => {
    const { transport, seen } = await connected()
    await transport.updateToken('sandbox-token-2')
    h.sandbox.dropClients()
    await vi.waitFor(() => expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected', 'connectionStateChanged connected']))
    expect(authenticatedWith()).toEqual([SANDBOX_TOKEN, 'sandbox-token-2'])
    expect(h.sandbox.clients).toBe(1)
    await transport.markAllRead()
    expect(h.sandbox.of('read')).toHaveLength(1)
  })

  it.each([
    ['the server restarting (4000)', 4000],
    ['a server error (1011)', 1011],
    ['a frame the sandbox could not read (4400)', 4400],
  ])('after %s: keeps trying with backoff while refused, then resumes', async (_what, code) => {
    const { seen } = await connected()
    h.sandbox.refuseWith = 4000
    h.sandbox.closeClients(code)
    await vi.waitFor(() => expect(h.sandbox.connections).toBeGreaterThanOrEqual(4))
    expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected'])
    h.sandbox.refuseWith = undefined
    await vi.waitFor(() => expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected', 'connectionStateChanged connected']))
    expect(authenticatedWith()).toEqual([SANDBOX_TOKEN, SANDBOX_TOKEN])
  })

  it('tells who joined, left or read while the socket was down, before connected', async () => {
    const { seen } = await connected()
    h.sandbox.members = [wireMember(SANDBOX_VISITOR, 'Visitor', { lastReadIndex: 4 }), wireMember('agent-ben', 'Ben', { lastReadIndex: 3 })]
    h.sandbox.dropClients()
    await vi.waitFor(() => expect(eventNames(seen)).toContain('connectionStateChanged connected'))
    expect(eventNames(seen)).toEqual([
      'connectionStateChanged disconnected',
      'memberLeft agent-ana',
      'readHorizonChanged visitor-7f3a',
      'memberJoined',
      'connectionStateChanged connected',
    ])
    expect(seen[3]?.[1][0]).toMatchObject({ identity: 'agent-ben', lastReadIndex: 3 })
  })

  it('sends a request made while disconnected once the socket is back', async () => {
    const { transport, seen } = await connected()
    h.sandbox.refuseWith = 4000
    h.sandbox.dropClients()
    await vi.waitFor(() => expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected']))
    const sent = later(transport.sendText('are you there?', { messageId: 'm-1' }))
    // The request waits through refused attempts instead of failing or going out on a socket that is not ready.
    const attempts = h.sandbox.connections
    await vi.waitFor(() => expect(h.sandbox.connections).toBeGreaterThanOrEqual(attempts + 2))
    expect(h.sandbox.of('send')).toEqual([])
    h.sandbox.refuseWith = undefined
    await sent
    expect(h.sandbox.frames.map((frame) => frame.type)).toEqual(['authenticate', 'authenticate', 'send'])
  })

  it('repeats a send the dropped socket left unanswered, and the sandbox keeps one message', async () => {
    const { transport } = await connected()
    h.sandbox.unanswered.add('send')
    const sent = later(transport.sendText('hello', { messageId: 'm-1' }))
    await vi.waitFor(() => expect(h.sandbox.of('send')).toHaveLength(1))
    h.sandbox.unanswered.clear()
    h.sandbox.dropClients()
    await sent
    expect(h.sandbox.of('send').map((frame) => frame.attributes.messageId)).toEqual(['m-1', 'm-1'])
    expect(h.sandbox.messages.map((message) => message.body)).toEqual(['hello'])
  })

  it('drops typing while disconnected instead of queueing it', async () => {
    const { transport, seen } = await connected()
    h.sandbox.refuseWith = 4000
    h.sandbox.dropClients()
    await vi.waitFor(() => expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected']))
    await transport.typing()
    h.sandbox.refuseWith = undefined
    await vi.waitFor(() => expect(eventNames(seen)).toContain('connectionStateChanged connected'))
    await transport.markAllRead()
    expect(h.sandbox.of('typing')).toEqual([])
  })

  it('4401: disconnected and denied; reconnects only with the token updateToken brings', async () => {
    const { transport, seen } = await connected()
    h.sandbox.closeClients(4401)
    await vi.waitFor(() => expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected', 'connectionStateChanged denied']))
    // Denied on a socket that was up: no attempt is under way, and none waits its turn, so none can start.
    expect(h.retries.pending).toBe(0)
    expect(h.sandbox.connections).toBe(1)
    h.sandbox.tokens.add('sandbox-token-2')
    await transport.updateToken('sandbox-token-2')
    await vi.waitFor(() => expect(eventNames(seen).at(-1)).toBe('connectionStateChanged connected'))
    expect(authenticatedWith()).toEqual([SANDBOX_TOKEN, 'sandbox-token-2'])
    expect(h.sandbox.of('updateToken')).toEqual([])
  })

  it('4401 again with the new token: denied again, and the next try waits its backoff', async () => {
    const { transport, seen } = await connected()
    h.sandbox.tokens.clear()
    h.sandbox.closeClients(4401)
    await vi.waitFor(() => expect(eventNames(seen)).toContain('connectionStateChanged denied'))
    await transport.updateToken('still-refused')
    await vi.waitFor(() => expect(eventNames(seen).filter((name) => name.endsWith('denied'))).toHaveLength(2))
    expect(eventNames(seen)).not.toContain('connectionStateChanged connected')
    expect(authenticatedWith()).toEqual([SANDBOX_TOKEN, 'still-refused'])
  })

  it('4404: the chat ended; no reconnection, and requests reject', async () => {
    const { transport, seen } = await connected()
    h.sandbox.closeClients(4404)
    await vi.waitFor(() => expect(eventNames(seen)).toEqual(['chatEnded']))
    await expect(transport.markAllRead()).rejects.toThrow(/not connected\. Please start a new chat/)
    // Closed on a socket that was up: no attempt is under way, and none waits its turn, so none can start.
    expect(h.retries.started).toBe(0)
    expect(h.retries.pending).toBe(0)
    expect(h.sandbox.connections).toBe(1)
  })

  it('a chat that ended while the socket was down ends after the reconnection', async () => {
    const { seen } = await connected()
    h.sandbox.chatState = 'closed'
    h.sandbox.dropClients()
    await vi.waitFor(() =>
      expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected', 'connectionStateChanged connected', 'chatEnded']),
    )
  })

  it('1000 from the sandbox: no reconnection; disconnected while the chat runs, nothing once it ended', async () => {
    const running = await connected()
    h.sandbox.closeClients(1000)
    await vi.waitFor(() => expect(eventNames(running.seen)).toEqual(['connectionStateChanged disconnected']))
    const ended = await connected()
    h.sandbox.emit({ type: 'chatEnded' })
    await vi.waitFor(() => expect(eventNames(ended.seen)).toEqual(['chatEnded']))
    h.sandbox.closeClients(1000)
    // Rejects only once the transport has handled the close (before, the request waits for it): the moment
    // after which an event or a reconnection would have had to start.
    await expect(ended.transport.markAllRead()).rejects.toThrow(/not connected/)
    expect(eventNames(ended.seen)).toEqual(['chatEnded'])
    expect(h.retries.started).toBe(0)
    expect(h.retries.pending).toBe(0)
    expect(h.sandbox.connections).toBe(2)
  })

  it('gives up a socket whose request got no answer, and reconnects (a browser cannot ping)', async () => {
    h.sandbox.members = [wireMember(SANDBOX_VISITOR, 'Visitor')]
    const transport = h.transport({ requestTimeoutMs: 150 })
    await transport.connect(h.params())
    const seen = record(transport)
    h.sandbox.unanswered.add('read')
    await expect(transport.markAllRead()).rejects.toThrow(/did not answer within \d+ ms/)
    await vi.waitFor(() => expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected', 'connectionStateChanged connected']))
    expect(h.sandbox.clientCloses).toEqual([4000])
    expect(h.sandbox.connections).toBe(2)
  })

  it('shutdown while waiting to reconnect: cancels the wait, rejects what waits, and nothing starts again', async () => {
    h.retries.hold = true
    const { transport, seen } = await connected()
    h.sandbox.refuseWith = 4000
    h.sandbox.dropClients()
    await vi.waitFor(() => expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected']))
    expect(h.retries.pending).toBe(1)
    // The assertion is attached before shutdown() rejects the request, so its rejection is never unhandled.
    const rejected = expect(transport.markAllRead()).rejects.toThrow(/not connected/)
    await transport.shutdown()
    await rejected
    // No wait pending and (held) no attempt ever under way: no attempt can start any more.
    expect(h.retries.pending).toBe(0)
    expect(h.sandbox.connections).toBe(1)
    expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected'])
  })

  it('shutdown during a reconnection attempt: closes its socket, rejects what waits, and no new attempt starts', async () => {
    h.retries.hold = true
    const { transport, seen } = await connected()
    h.sandbox.refuseWith = 4000
    h.sandbox.dropClients()
    await vi.waitFor(() => expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected']))
    // The dropped socket counted itself closed before the transport heard of the close.
    expect(h.liveSockets()).toBe(0)
    const rejected = expect(transport.markAllRead()).rejects.toThrow(/not connected/)
    h.retries.runPending()
    // The attempt's socket is opening (the sandbox may or may not see it before it closes).
    expect(h.liveSockets()).toBe(1)
    await transport.shutdown()
    await rejected
    await vi.waitFor(() => expect(h.liveSockets()).toBe(0))
    // The attempt ends in promise reactions to its socket closing: let them run, then nothing may be pending.
    await flush()
    expect(h.retries.started).toBe(1)
    expect(h.retries.pending).toBe(0)
    expect(eventNames(seen)).toEqual(['connectionStateChanged disconnected'])
  })

  it('shutdown of a connected transport closes the socket with 1000', async () => {
    const { transport } = await connected()
    await transport.shutdown()
    await vi.waitFor(() => expect(h.sandbox.clientCloses).toEqual([1000]))
  })
})
