/**
 * The whole adapter in sandbox mode: the default transport registry, the real sandbox transport and the fake
 * sandbox on a real socket. `/auth` (msw) names the sandbox and its URL; the desk must get there, and get back
 * there after a reload from what it stored.
 */
import { http, passthrough } from 'msw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { SANDBOX_CHAT_SID, SANDBOX_TOKEN, SANDBOX_VISITOR, wireMember, wireMessage } from '../../test/fake-sandbox.js'
import { connectMessage, silentLogger } from '../../test/harness.js'
import { carbonHost, type TestHost } from '../../test/hosts.js'
import { authAnswer, authReply, FRESH_TOKEN, MIDDLEWARE, useFakeMiddleware } from '../../test/middleware.js'
import { useFakeSandbox } from '../../test/sandbox-harness.js'
import { createTwilioFlexServiceDesk, ErrorType, type TwilioFlexServiceDeskOptions } from '../index.js'
import type { PersistedChat } from './persisted-state.js'

const middleware = useFakeMiddleware()
const h = useFakeSandbox()

// Node 20 has no WebSocket; a browser has. Stubbed after msw started, so msw leaves WebSockets alone.
beforeEach(() => {
  vi.stubGlobal('WebSocket', WebSocket)
  // `ws` opens its socket with an HTTP upgrade, which msw sees: let the fake sandbox's through.
  middleware.server.use(http.get(h.sandbox.url.replace(/^ws/, 'http'), () => passthrough()))
  h.sandbox.tokens.add(FRESH_TOKEN)
  middleware.answer('auth', authAnswer(authReply('sandbox', SANDBOX_CHAT_SID, { token: SANDBOX_TOKEN, sandboxUrl: h.sandbox.url })))
})
afterEach(() => {
  vi.unstubAllGlobals()
})

/** A desk from the public factory with its default transports, as a page would build it. */
async function pageDesk(host: TestHost, persistedState?: unknown, options: Partial<TwilioFlexServiceDeskOptions> = {}) {
  const factory = createTwilioFlexServiceDesk({ middlewareUrl: MIDDLEWARE, logger: silentLogger, ...options })
  return factory({ callback: host.callback, persistedState })
}

/** For waits across a reconnection: the desk's transport keeps its real backoff (0.5 s doubling). */
const RECONNECTION = { timeout: 8_000 }

const text = (body: string) => ({ output: { generic: [{ response_type: 'text', text: body }] } })
const disconnectedCalls = (host: TestHost) =>
  host.argsOf('setErrorStatus').filter(([info]) => (info as { type: number }).type === ErrorType.DISCONNECTED)

describe('the service desk in sandbox mode', () => {
  it('connects to the sandboxUrl /auth gave, with its token, and stores the URL for a reload', async () => {
    const host = carbonHost()
    const desk = await pageDesk(host)
    await desk.startChat(connectMessage, {})
    expect(h.sandbox.of('authenticate')).toMatchObject([{ token: SANDBOX_TOKEN, chatSid: SANDBOX_CHAT_SID }])
    expect(host.stored()).toMatchObject({ transport: 'sandbox', sandboxUrl: h.sandbox.url, chatSid: SANDBOX_CHAT_SID })

    h.sandbox.emit({ type: 'memberJoined', member: wireMember('agent-ana', 'Ana') })
    const greeting = wireMessage(0, 'agent-ana', 'Hello, I am Ana')
    h.sandbox.messages.push(greeting)
    h.sandbox.emit({ type: 'messageAdded', message: greeting })
    await vi.waitFor(() => expect(host.argsOf('sendMessageToUser')).toEqual([[text('Hello, I am Ana'), 'agent-ana']]))
    expect(host.argsOf('agentJoined')[0]?.[0]).toMatchObject({ id: 'agent-ana', nickname: 'Ana' })

    await desk.sendMessageToAgent({ input: { text: 'My invoice is wrong' } }, 'host-msg-1')
    expect(h.sandbox.messages.at(-1)).toMatchObject({
      author: SANDBOX_VISITOR,
      body: 'My invoice is wrong',
      attributes: { messageId: 'host-msg-1' },
    })
    await desk.endChat({})
    expect(middleware.of('end')).toHaveLength(1)
    expect(h.sandbox.of('leave')).toHaveLength(1)
    await vi.waitFor(() => expect(h.sandbox.clientCloses).toEqual([1000]))
  })

  it('after a drop, tells the host it is disconnected, reconnects and delivers what it missed once', async () => {
    const host = carbonHost()
    const desk = await pageDesk(host)
    await desk.startChat(connectMessage, {})
    h.sandbox.emit({ type: 'memberJoined', member: wireMember('agent-ana', 'Ana') })
    await vi.waitFor(() => expect(host.names()).toContain('agentJoined'))

    h.sandbox.refuseWith = 4000
    h.sandbox.dropClients()
    await vi.waitFor(() => expect(disconnectedCalls(host)).toEqual([[{ type: ErrorType.DISCONNECTED, isDisconnected: true }]]))
    h.sandbox.messages.push(wireMessage(0, 'agent-ana', 'Sent while you were away'))
    h.sandbox.refuseWith = undefined
    await vi.waitFor(
      () => expect(host.argsOf('sendMessageToUser')).toEqual([[text('Sent while you were away'), 'agent-ana']]),
      RECONNECTION,
    )
    expect(disconnectedCalls(host).at(-1)).toEqual([{ type: ErrorType.DISCONNECTED, isDisconnected: false }])
    await desk.endChat({})
  })

  it('refreshes the token when the sandbox refuses it (4401) and authenticates again with the new one', async () => {
    const host = carbonHost()
    const desk = await pageDesk(host)
    await desk.startChat(connectMessage, {})
    h.sandbox.closeClients(4401)
    await vi.waitFor(
      () => expect(h.sandbox.of('authenticate').map((frame) => frame.token)).toEqual([SANDBOX_TOKEN, FRESH_TOKEN]),
      RECONNECTION,
    )
    expect(middleware.of('refresh')).toHaveLength(1)
    // Back: the desk fetches what it missed (its second history request, after the one of startChat).
    await vi.waitFor(() => expect(h.sandbox.of('history')).toHaveLength(2))
    // No agent yet: a blip that recovers is not shown (a host would end the request on DISCONNECTED).
    expect(disconnectedCalls(host)).toEqual([])
    await desk.endChat({})
  })

  it('text and files in one send: a file the sandbox cannot carry fails on its own, and the text and the other file arrive', async () => {
    const host = carbonHost()
    const desk = await pageDesk(host, undefined, { fileUpload: { maxBytes: 10_000_000, accept: 'image/*' } })
    await desk.startChat(connectMessage, {})
    const small = { id: 'f1', file: new File([new Uint8Array(10)], 'small.png', { type: 'image/png' }) }
    const huge = { id: 'f2', file: new File([new Uint8Array(1_100_000)], 'huge.png', { type: 'image/png' }) }
    await expect(
      desk.sendMessageToAgent({ input: { text: 'Two photos' } }, 'host-msg-2', { filesToUpload: [huge, small] }),
    ).resolves.toBeUndefined()
    expect(h.sandbox.messages.map((message) => message.body || message.media?.filename)).toEqual(['Two photos', 'small.png'])
    expect(host.argsOf('setFileUploadStatus')).toEqual([['f2', true, 'The file could not be sent. Please try again.'], ['f1']])
    expect(host.argsOf('setErrorStatus')).toEqual([])
    await desk.endChat({})
  })

  it('reconnect() after a reload opens the stored sandboxUrl with a refreshed token, without /auth', async () => {
    const before = carbonHost()
    const first = await pageDesk(before)
    await first.startChat(connectMessage, {})
    const saved = structuredClone(before.stored()) as PersistedChat
    h.sandbox.dropClients()
    middleware.reset()
    // /auth would now send the desk elsewhere: only the stored URL can lead it back to the chat.
    middleware.answer('auth', authAnswer(authReply('sandbox', SANDBOX_CHAT_SID, { sandboxUrl: 'ws://127.0.0.1:9/sandbox/visitor' })))

    const after = carbonHost(saved)
    const desk = await pageDesk(after, saved)
    await expect(desk.reconnect()).resolves.toBe(true)
    // (The queue position poll of a chat without agent, and its presence heartbeat, may come first.)
    expect(middleware.requests.map((request) => request.route).filter((route) => route !== 'availability' && route !== 'presence')).toEqual(
      ['refresh'],
    )
    // Only the reloaded desk has the refreshed token (the old page's socket may still try with the first one).
    expect(h.sandbox.of('authenticate').filter((frame) => frame.token === FRESH_TOKEN)).toMatchObject([{ chatSid: SANDBOX_CHAT_SID }])
    await desk.endChat({})
    await first.endChat({ endedByAgent: true })
  })
})
