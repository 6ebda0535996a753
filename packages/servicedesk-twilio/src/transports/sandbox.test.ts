import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { SANDBOX_CHAT_SID, SANDBOX_VISITOR, wireMember, wireMessage } from '../../test/fake-sandbox.js'
import { useFakeSandbox } from '../../test/sandbox-harness.js'
import { record, transportContract } from '../../test/transport-contract.js'
import type { ChatTransportEvents } from './chat-transport.js'

const h = useFakeSandbox()

afterEach(() => {
  vi.unstubAllGlobals()
})

/** Far beyond any index: a `history` request whose reply proves every earlier frame has arrived. */
const BEYOND = 2 ** 30

describe('sandbox transport (WebSocket)', () => {
  transportContract(
    () => {
      const transport = h.transport()
      const { sandbox } = h
      // Frames arrive in order: once a reply is back, the events sent before it have been handled. After a
      // shutdown nothing can arrive; wait for the sandbox to see the socket close instead.
      const settle = () =>
        transport.messagesAfter(BEYOND).then(
          () => undefined,
          () => vi.waitFor(() => expect(sandbox.clients).toBe(0)),
        )
      const fire = async (event: Parameters<typeof sandbox.emit>[0]) => {
        sandbox.emit(event)
        await settle()
      }
      return {
        transport,
        params: h.params(),
        fireChat: (event, ...args) => {
          const member = args[0] as ReturnType<typeof wireMember>
          if (event === 'memberJoined') return fire({ type: event, member })
          if (event === 'messageAdded') return fire({ type: event, message: args[0] as ReturnType<typeof wireMessage> })
          if (event === 'readHorizon') return fire({ type: event, identity: member.identity, lastReadIndex: member.lastReadIndex ?? 0 })
          return fire({ type: event, identity: member.identity })
        },
        fireClient: (event) => fire({ type: event as 'tokenAboutToExpire' | 'tokenExpired' }),
        member: (identity, name, attributes, lastRead) =>
          wireMember(identity, name ?? identity, {
            ...(attributes?.image_url && { avatarUrl: attributes.image_url }),
            ...(lastRead !== undefined && { lastReadIndex: lastRead }),
          }),
        message: (index, author, body) => wireMessage(index, author, body),
        addHistory: (...messages) => sandbox.messages.push(...(messages as Array<ReturnType<typeof wireMessage>>)),
        sent: () => sandbox.of('send').map((frame) => ({ message: frame.body, attributes: frame.attributes })),
        tokens: () => sandbox.of('updateToken').map((frame) => frame.token),
        counts: () => ({
          reads: sandbox.of('read').length,
          typings: sandbox.of('typing').length,
          leaves: sandbox.of('leave').length,
          shutDown: sandbox.clientCloses.includes(1000),
        }),
      }
    },
    { sdkConnectionStates: false },
  )

  it('authenticates with the token and chat first, and reports the members as the sandbox shows them', async () => {
    h.sandbox.members = [
      wireMember(SANDBOX_VISITOR, 'Visitor'),
      wireMember('agent-ana', 'Ana', { avatarUrl: 'https://cdn.example.test/ana.png', lastReadIndex: 2 }),
    ]
    const snapshot = await h.transport().connect(h.params())
    expect(h.sandbox.frames).toEqual([
      { type: 'authenticate', id: expect.any(Number), token: 'sandbox-token-1', chatSid: SANDBOX_CHAT_SID },
    ])
    expect(snapshot.ended).toBe(false)
    expect(snapshot.members.map((member) => [member.identity, member.lastReadIndex])).toEqual([
      [SANDBOX_VISITOR, undefined],
      ['agent-ana', 2],
    ])
    await expect(snapshot.members[1]?.loadProfile()).resolves.toEqual({
      friendlyName: 'Ana',
      avatarUrl: 'https://cdn.example.test/ana.png',
    })
    expect(h.sandbox.invalid).toEqual([])
  })

  it('finds a closed chat ended', async () => {
    h.sandbox.chatState = 'closed'
    await expect(h.transport().connect(h.params())).resolves.toMatchObject({ ended: true })
  })

  it('refuses to connect without a sandboxUrl, a valid token or a known chat, and does not retry', async () => {
    await expect(h.transport().connect(h.params({ sandboxUrl: undefined }))).rejects.toThrow(/without a sandboxUrl/)
    await expect(h.transport().connect(h.params({ token: 'stolen' }))).rejects.toThrow(/refused the access token \(4401\)/)
    await expect(h.transport().connect(h.params({ chatSid: `CH${'f'.repeat(32)}` }))).rejects.toThrow(/does not know this chat \(4404\)/)
    // Each connect() has ended and no reconnection wait was ever started: no attempt can follow.
    expect(h.retries.started).toBe(0)
    expect(h.sandbox.connections).toBe(2)
  })

  it('says how to fix a missing WebSocket', async () => {
    // Like an old browser or a server-side render. Node 22+ has a global WebSocket (Node 20 none), so the test
    // takes it away rather than depend on the Node version.
    vi.stubGlobal('WebSocket', undefined)
    const transport = h.transport({ WebSocket: undefined })
    await expect(transport.connect(h.params())).rejects.toThrow(/no WebSocket\. Please pass one/)
    expect(h.sandbox.connections).toBe(0)
  })

  it('uses the global WebSocket when none is passed, as in a browser', async () => {
    // Node 20 has none and Node 22+ its own: the test puts the `ws` one there on both.
    vi.stubGlobal('WebSocket', WebSocket)
    await h.transport({ WebSocket: undefined }).connect(h.params())
    expect(h.sandbox.of('authenticate')).toHaveLength(1)
  })

  it('sends text and resolves on the reply; a refused send rejects with the reason', async () => {
    const transport = h.transport()
    await transport.connect(h.params())
    await transport.sendText('hello', { messageId: 'm-1' })
    expect(h.sandbox.messages).toMatchObject([{ index: 0, body: 'hello', attributes: { messageId: 'm-1' } }])
    h.sandbox.refused.set('send', { code: 'chat_closed', message: 'The chat is closed' })
    await expect(transport.sendText('again', { messageId: 'm-2' })).rejects.toThrow('The chat is closed')
  })

  it('refuses a text longer than the protocol carries without sending it', async () => {
    const transport = h.transport()
    await transport.connect(h.params())
    await expect(transport.sendText('x'.repeat(32_001), { messageId: 'm-1' })).rejects.toThrow(/at most 32000\. Please shorten it/)
    expect(h.sandbox.of('send')).toEqual([])
  })

  it('sends a file as a data: URL and hears it back as a message with the same file', async () => {
    const transport = h.transport()
    await transport.connect(h.params())
    const seen = record(transport)
    const bytes = Uint8Array.from({ length: 70_000 }, (_, index) => index % 256)
    await transport.sendMedia(new File([bytes], 'scan.png', { type: 'image/png' }), { messageId: 'm-1/f-1', fileId: 'f-1' })
    const [frame] = h.sandbox.of('send')
    expect(frame?.media).toMatchObject({ filename: 'scan.png', contentType: 'image/png' })
    const dataUrl = frame?.media?.dataUrl ?? ''
    expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true)
    expect(Buffer.from(dataUrl.split(',')[1] ?? '', 'base64').equals(bytes)).toBe(true)
    await vi.waitFor(() => expect(seen.map(([name]) => name)).toEqual(['messageAdded']))
    const echoed = seen[0]?.[1][0] as Parameters<ChatTransportEvents['messageAdded']>[0]
    expect(echoed.media).toMatchObject([{ filename: 'scan.png', contentType: 'image/png' }])
    await expect(echoed.media[0]?.getUrl()).resolves.toBe(dataUrl)
  })

  it('refuses a file larger than the protocol carries before reading it', async () => {
    const transport = h.transport()
    await transport.connect(h.params())
    const file = new File([new Uint8Array(1_100_000)], 'big.pdf', { type: 'application/pdf' })
    await expect(transport.sendMedia(file, { messageId: 'm-1/f-1' })).rejects.toThrow(
      /Failed to send big\.pdf: .* Please send a smaller file/,
    )
    expect(h.sandbox.of('send')).toEqual([])
  })

  it('fetches the messages after an index page by page, asking again from the newest index', async () => {
    const transport = h.transport()
    await transport.connect(h.params())
    h.sandbox.messages.push(wireMessage(0, 'virtual-assistant', 'Summary', { attributes: { kind: 'assistant-transcript' } }))
    h.sandbox.messages.push(
      wireMessage(1, 'agent-ana', 'Hi'),
      wireMessage(2, 'agent-ana', 'Still there?'),
      wireMessage(3, 'agent-ana', 'Bye'),
    )
    const after = await transport.messagesAfter(0)
    expect(h.sandbox.of('history').map((frame) => frame.afterIndex)).toEqual([0, 2, 3])
    expect(after.map((message) => [message.index, message.author, message.body])).toEqual([
      [1, 'agent-ana', 'Hi'],
      [2, 'agent-ana', 'Still there?'],
      [3, 'agent-ana', 'Bye'],
    ])
    await expect(transport.messagesAfter(-1)).resolves.toHaveLength(4)
  })

  it('stops paging when the sandbox repeats a page instead of moving on', async () => {
    const transport = h.transport()
    await transport.connect(h.params())
    h.sandbox.messages.push(wireMessage(0, 'agent-ana', 'Hi'), wireMessage(1, 'agent-ana', 'Again'))
    h.sandbox.historyFrom = () => h.sandbox.messages
    await expect(transport.messagesAfter(-1)).resolves.toHaveLength(2)
    expect(h.sandbox.of('history').map((frame) => frame.afterIndex)).toEqual([-1, 1])
  })

  it('ignores frames that are not the protocol, and replies nobody asked for', async () => {
    const transport = h.transport()
    await transport.connect(h.params())
    const seen = record(transport)
    h.sandbox.emit({ type: 'memberJoined' } as never)
    h.sandbox.emit({ type: 'reply', id: 999, ok: true } as never)
    h.sandbox.emit({ type: 'typingStarted', identity: 'agent-ana' })
    await vi.waitFor(() => expect(seen).toEqual([['typingStarted', ['agent-ana']]]))
  })
})
