import { CancellablePromise } from '@twilio/conversations'
import { describe, expect, it } from 'vitest'
import { FakeConversation, FakeConvMessage, FakeConvUser, FakeParticipant, fakeConversations } from '../../test/fakes/fake-conversations.js'
import { record, transportContract } from '../../test/transport-contract.js'
import { twilioPacing } from '../../test/twilio-pacing.js'
import type { ChatMessage } from './chat-transport.js'
import { ConversationsTransport } from './conversations.js'

const CONNECT = { token: 'tok-1', chatSid: 'CH0001', identity: 'visitor-1' }

function setup(conversation = new FakeConversation(), initState: 'initialized' | 'failed' = 'initialized') {
  const fake = fakeConversations(conversation, 'CH0001', initState)
  return { ...fake, transport: new ConversationsTransport(async () => fake.sdk) }
}

describe('conversations transport (@twilio/conversations)', () => {
  transportContract(() => {
    const { transport, conversation, client } = setup()
    const events: Record<string, string> = { memberJoined: 'participantJoined', memberLeft: 'participantLeft' }
    return {
      transport,
      fireChat: (event, ...args) =>
        event === 'readHorizon'
          ? conversation.fire('participantUpdated', { participant: args[0], updateReasons: ['lastReadMessageIndex'] })
          : conversation.fire((events[event] ?? event) as 'participantJoined', ...args),
      fireClient: (event, ...args) => client()?.fire(event, ...args),
      member: (identity, name, attributes, lastRead) =>
        new FakeParticipant(identity, lastRead ?? null, name ? new FakeConvUser(name, attributes) : undefined),
      message: (index, author, body) => new FakeConvMessage(index, author, body),
      addHistory: (...messages) => conversation.messages.push(...(messages as FakeConvMessage[])),
      sent: () => conversation.sent,
      tokens: () => client()?.tokens ?? [],
      counts: () => ({
        reads: conversation.reads,
        typings: conversation.typings,
        leaves: conversation.leaves,
        shutDown: client()?.shutDown ?? false,
      }),
    }
  })

  twilioPacing(async (time) => {
    const fake = fakeConversations()
    const transport = new ConversationsTransport(async () => fake.sdk, { schedule: time.schedule, now: time.now, random: () => 1 })
    fake.conversation.clock = time.now
    await transport.connect(CONNECT)
    return { transport, chat: fake.conversation }
  })

  it('waits for the client to initialize, then opens the conversation the visitor was added to', async () => {
    const conversation = new FakeConversation()
    conversation.participants = [new FakeParticipant('visitor-1'), new FakeParticipant('agent-1', 0, new FakeConvUser('Ana'))]
    const { transport, client } = setup(conversation)
    const snapshot = await transport.connect(CONNECT)
    expect(client()?.token).toBe('tok-1')
    expect(conversation.joins).toBe(0)
    expect(snapshot.ended).toBe(false)
    expect(snapshot.members.map((member) => [member.identity, member.lastReadIndex])).toEqual([
      ['visitor-1', undefined],
      ['agent-1', 0],
    ])
  })

  it('rejects when the client fails to initialize', async () => {
    const { transport } = setup(new FakeConversation(), 'failed')
    await expect(transport.connect(CONNECT)).rejects.toThrow(/failed to initialize/)
  })

  it('reports the chat ended when the conversation state becomes closed', async () => {
    const { transport, conversation } = setup()
    await transport.connect(CONNECT)
    const seen = record(transport)
    conversation.fire('updated', { conversation: { state: { current: 'inactive' } }, updateReasons: ['state'] })
    conversation.fire('updated', { conversation: { state: { current: 'closed' } }, updateReasons: ['attributes'] })
    conversation.fire('updated', { conversation: { state: { current: 'closed' } }, updateReasons: ['state'] })
    expect(seen).toEqual([['chatEnded', [undefined]]])
  })

  it('reports why when Flex gave the chat up (the reason the middleware writes with the close)', async () => {
    const { transport, conversation } = setup()
    await transport.connect(CONNECT)
    const seen = record(transport)
    const closed = { state: { current: 'closed' }, attributes: { endReason: 'no-agent' } }
    conversation.fire('updated', { conversation: closed, updateReasons: ['state', 'attributes'] })
    expect(seen).toEqual([['chatEnded', ['no-agent']]])
  })

  it('finds an already closed conversation ended on connect', async () => {
    const conversation = new FakeConversation()
    conversation.state = { current: 'closed', dateUpdated: new Date(0) }
    const { transport } = setup(conversation)
    await expect(transport.connect(CONNECT)).resolves.toMatchObject({ ended: true })
  })

  it('sends a file as media with its name and type', async () => {
    const { transport, conversation } = setup()
    await transport.connect(CONNECT)
    const file = new File(['x'], 'a.png', { type: 'image/png' })
    await transport.sendMedia(file, { messageId: 'm/f' })
    expect(conversation.sent).toEqual([
      { message: { contentType: 'image/png', filename: 'a.png', media: file }, attributes: { messageId: 'm/f' } },
    ])
  })

  it("exposes every file of an agent's message, with its text, SIDs and lazily fetched URLs", async () => {
    const { transport, conversation } = setup()
    await transport.connect(CONNECT)
    const seen = record(transport)
    const file = (n: number, filename: string, contentType: string) => ({
      sid: `ME${String(n).repeat(32)}`,
      filename,
      contentType,
      // The SDK's own promise type (its `Media` returns one), so the fake keeps to its .d.ts.
      getContentTemporaryUrl: () => new CancellablePromise<string | null>((resolve) => resolve(`https://media.example.test/${n}`)),
    })
    const attached = [file(1, 'photo.png', 'image/png'), file(2, 'invoice.pdf', 'application/pdf'), file(3, 'map.jpg', 'image/jpeg')]
    conversation.fire('messageAdded', new FakeConvMessage(4, 'agent-1', 'Here you are', {}, 'media', attached))
    conversation.fire('messageAdded', new FakeConvMessage(5, 'agent-1', 'Text only'))
    const [withFiles, textOnly] = seen.map(([, args]) => args[0] as ChatMessage)
    expect(withFiles).toMatchObject({ body: 'Here you are' })
    expect(withFiles?.media.map(({ sid, filename, contentType }) => ({ sid, filename, contentType }))).toEqual(
      attached.map(({ sid, filename, contentType }) => ({ sid, filename, contentType })),
    )
    await expect(Promise.all(withFiles?.media.map((media) => media.getUrl()) ?? [])).resolves.toEqual([
      'https://media.example.test/1',
      'https://media.example.test/2',
      'https://media.example.test/3',
    ])
    expect(textOnly?.media).toEqual([])
  })

  it('keeps the transcript attributes so the desk can filter it', async () => {
    const { transport, conversation } = setup()
    await transport.connect(CONNECT)
    const seen = record(transport)
    conversation.fire('messageAdded', new FakeConvMessage(0, 'virtual-assistant', 'Summary', { kind: 'assistant-transcript' }))
    expect(seen[0]?.[1][0]).toMatchObject({ author: 'virtual-assistant', attributes: { kind: 'assistant-transcript' } })
  })
})
