/**
 * The chat engine (chat-engine.ts) reaches a page through `import()`, as the transports do: only when a chat
 * is asked for, resumed or held. A chunk can fail to load (the network, a deploy that replaced it): the
 * visitor then hears about it exactly as about a transport that failed to load, nothing is left open on
 * Flex, and the next chat tries the `import()` again.
 */
import { describe, expect, it, vi } from 'vitest'
import { FakeTransport } from '../../test/fake-transport.js'
import { AGENT, connectMessage, silentLogger, VISITOR } from '../../test/harness.js'
import { carbonHost, hostKinds, type TestHost, v8Host } from '../../test/hosts.js'
import { MIDDLEWARE, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import type { Logger } from '../logger.js'
import { MiddlewareClient } from '../middleware/middleware-client.js'
import { resolveOptions } from '../options.js'
import type { TransportLoader } from '../transports/chat-transport.js'
import type { PersistedChat } from './persisted-state.js'
import { type ChatEngineLoader, TwilioFlexServiceDesk } from './service-desk.js'

const middleware = useFakeMiddleware()

/** What a browser's `import()` rejects with when the chunk cannot be fetched. */
const chunkError = () => new TypeError('Failed to fetch dynamically imported module: https://shop.example.test/chat-engine-4F2A.js')

/** The engine's loader, failing until `recover()`; counts every attempt. */
function flakyEngine() {
  let failing = true
  let loads = 0
  const load: ChatEngineLoader = async () => {
    loads += 1
    if (failing) throw chunkError()
    return import('./chat-engine.js')
  }
  return {
    load,
    loads: () => loads,
    recover: () => {
      failing = false
    },
  }
}

/** A desk built as the factory builds it, but with `engine` as the chat engine's loader. */
function deskWith(
  host: TestHost,
  engine: ChatEngineLoader,
  { transport, persistedState, logger = silentLogger }: { transport?: TransportLoader; persistedState?: unknown; logger?: Logger } = {},
) {
  const options = resolveOptions({ middlewareUrl: MIDDLEWARE, logger })
  const fake = new FakeTransport()
  const load = transport ?? (async () => fake)
  const desk = new TwilioFlexServiceDesk({ callback: host.callback, persistedState, instance: host.instance }, options, {
    middleware: new MiddlewareClient(options.middlewareUrl),
    transports: { conversations: load, 'programmable-chat': load, sandbox: load },
    engine,
  })
  host.attach?.(desk)
  return { desk, transport: fake }
}

/** What a page stored while a chat ran: with `agents`, one the host resumes; without, one the desk holds. */
function stored(agents: PersistedChat['agents']): PersistedChat {
  return {
    version: 1,
    transport: 'conversations',
    chatSid: 'CH0001',
    identity: VISITOR,
    sessionToken: SESSION_TOKEN,
    sessionExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    lastIndex: 0,
    agents,
  }
}

const errorsShown = (host: TestHost) =>
  host.argsOf('setErrorStatus').map(([info]) => {
    const { type, messageToUser } = info as { type: number; messageToUser?: string }
    return { type, messageToUser }
  })

describe('a page that never asks for an agent', () => {
  it('loads no chat engine: not to build the desk, ask for agents, check files, send without a chat or end', async () => {
    const engine = flakyEngine()
    const host = carbonHost()
    const { desk } = deskWith(host, engine.load)
    await expect(desk.areAnyAgentsOnline(connectMessage)).resolves.toBe(true)
    desk.filesSelectedForUpload([{ id: 'f1', file: new File(['x'], 'a.pdf') }])
    await expect(desk.sendMessageToAgent({ input: { text: 'Hello' } }, 'msg-1')).rejects.toThrow(/no chat with an agent/)
    await desk.userTyping(true)
    await desk.userReadMessages()
    await desk.endChat({})
    expect(engine.loads()).toBe(0)
    expect(host.argsOf('setFileUploadStatus')).toEqual([['f1', true, 'Sending files is not available in this chat.']])
  })
})

describe.each(hostKinds)('a chat engine chunk that does not load, %s host', (_kind, makeHost) => {
  it('startChat shows the error a transport that does not load shows, before any /auth; the next startChat loads it', async () => {
    const lostTransport = makeHost()
    const failing = deskWith(lostTransport, () => import('./chat-engine.js'), {
      transport: async () => {
        throw chunkError()
      },
    })
    await expect(failing.desk.startChat(connectMessage, {})).rejects.toThrow(/could not open the chat/)
    // That one had queued a Flex chat (/auth came first), which it ends in the background.
    await vi.waitFor(() => expect(middleware.of('end')).toHaveLength(1))
    middleware.reset()

    const engine = flakyEngine()
    const host = makeHost()
    const { desk, transport } = deskWith(host, engine.load)
    await expect(desk.startChat(connectMessage, {})).rejects.toThrow(/could not open the chat/)
    expect(errorsShown(host)).toEqual(errorsShown(lostTransport))
    expect(errorsShown(host)).toEqual([
      { type: 1, messageToUser: 'We could not open the chat with an agent. Please check your connection and try again.' },
    ])
    // The engine loads before /auth: no Flex chat was queued, so there is nothing to end.
    expect(middleware.requests).toEqual([])

    engine.recover()
    await desk.startChat(connectMessage, {})
    expect(engine.loads()).toBe(2)
    expect(middleware.of('auth')).toHaveLength(1)
    expect(transport.connectedWith).toMatchObject({ chatSid: 'CH0001' })
    await desk.endChat({})
    expect(transport.shutDown).toBe(true)
  })
})

describe.each([
  ['v8', v8Host],
  ['carbon', carbonHost],
] as const)('after a reload, a chat engine chunk that does not load, %s host', (_kind, makeHost) => {
  it('reconnect() resolves false, forgets the stored chat and ends it on Flex, as when the transport does not load', async () => {
    const saved = stored([{ id: AGENT, nickname: 'Ana' }])
    const host = makeHost(saved)
    const { desk } = deskWith(host, flakyEngine().load, { persistedState: saved })
    await expect(desk.reconnect()).resolves.toBe(false)
    expect(host.stored()).toEqual({})
    expect(middleware.of('refresh')).toEqual([])
    await vi.waitFor(() => expect(middleware.of('end').map((request) => request.authorization)).toEqual([`Bearer ${SESSION_TOKEN}`]))
  })

  it('a chat that waited for an agent is let go: nothing beats for it, and the next startChat opens a new chat', async () => {
    const saved = stored([])
    const host = makeHost(saved)
    const engine = flakyEngine()
    const warnings: string[] = []
    let warned!: () => void
    const letGo = new Promise<void>((resolve) => {
      warned = resolve
    })
    const logger = {
      ...silentLogger,
      warn: (message: string) => {
        warnings.push(message)
        warned()
      },
    }
    const { desk } = deskWith(host, engine.load, { persistedState: saved, logger })
    await letGo
    expect(warnings).toEqual(['Loading the chat engine failed: the chat that waited for an agent before the reload is let go'])
    expect(host.stored()).toEqual({})
    expect(middleware.of('presence')).toEqual([])

    engine.recover()
    await desk.startChat(connectMessage, {})
    expect(middleware.of('refresh')).toEqual([])
    expect(middleware.of('auth')).toHaveLength(1)
    await desk.endChat({})
  })
})
