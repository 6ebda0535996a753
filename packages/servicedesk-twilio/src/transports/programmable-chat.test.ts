import { describe, expect, it } from 'vitest'
import { FakeChannel, FakeChatMember, FakeChatMessage, FakeChatUser, fakeTwilioChat } from '../../test/fakes/fake-twilio-chat.js'
import { record, transportContract } from '../../test/transport-contract.js'
import { twilioPacing } from '../../test/twilio-pacing.js'
import type { ChatMessage } from './chat-transport.js'
import { ProgrammableChatTransport } from './programmable-chat.js'

const CONNECT = { token: 'tok-1', chatSid: 'CH0001', identity: 'visitor-1' }

function setup(channel = new FakeChannel()) {
  const fake = fakeTwilioChat(channel)
  return { ...fake, transport: new ProgrammableChatTransport(async () => fake.sdk) }
}

describe('programmable-chat transport (twilio-chat)', () => {
  transportContract(() => {
    const { transport, channel, client } = setup()
    const events: Record<string, string> = { readHorizon: 'memberUpdated' }
    return {
      transport,
      fireChat: (event, ...args) =>
        event === 'readHorizon'
          ? channel.fire('memberUpdated', { member: args[0], updateReasons: ['lastConsumedMessageIndex'] })
          : channel.fire((events[event] ?? event) as 'memberJoined', ...args),
      fireClient: (event, ...args) => client()?.fire(event, ...args),
      member: (identity, name, attributes, lastRead) =>
        new FakeChatMember(identity, lastRead ?? null, name ? new FakeChatUser(name, attributes) : undefined),
      message: (index, author, body) => new FakeChatMessage(index, author, body),
      addHistory: (...messages) => channel.messages.push(...(messages as FakeChatMessage[])),
      sent: () => channel.sent,
      tokens: () => client()?.tokens ?? [],
      counts: () => ({ reads: channel.consumed, typings: channel.typings, leaves: channel.leaves, shutDown: client()?.shutDown ?? false }),
    }
  })

  twilioPacing(async (time) => {
    const fake = fakeTwilioChat()
    const transport = new ProgrammableChatTransport(async () => fake.sdk, { schedule: time.schedule, now: time.now, random: () => 1 })
    fake.channel.clock = time.now
    await transport.connect(CONNECT)
    return { transport, chat: fake.channel }
  })

  it('creates the client with the token and joins the channel when not yet a member', async () => {
    const { transport, channel, client } = setup()
    const snapshot = await transport.connect(CONNECT)
    expect(client()?.token).toBe('tok-1')
    expect(channel.joins).toBe(1)
    expect(snapshot).toEqual({ ended: false, members: [] })
  })

  it('does not join again a channel the visitor is already in', async () => {
    const channel = new FakeChannel()
    channel.status = 'joined'
    const { transport } = setup(channel)
    await transport.connect(CONNECT)
    expect(channel.joins).toBe(0)
  })

  it('reports the chat ended when Flex sets the channel attributes to INACTIVE', async () => {
    const { transport, channel } = setup()
    await transport.connect(CONNECT)
    const seen = record(transport)
    channel.fire('updated', { channel: { attributes: { status: 'ACTIVE' } }, updateReasons: ['attributes'] })
    channel.fire('updated', { channel: { attributes: { status: 'INACTIVE' } }, updateReasons: ['lastMessage'] })
    channel.fire('updated', { channel: { attributes: { status: 'INACTIVE' } }, updateReasons: ['attributes'] })
    expect(seen).toEqual([['chatEnded', [undefined]]])
  })

  it('reports why when Flex gave the chat up, and ignores a reason it does not know', async () => {
    const { transport, channel } = setup()
    await transport.connect(CONNECT)
    const seen = record(transport)
    channel.fire('updated', { channel: { attributes: { status: 'INACTIVE', endReason: 'no-agent' } }, updateReasons: ['attributes'] })
    channel.fire('updated', { channel: { attributes: { status: 'INACTIVE', endReason: 'bored' } }, updateReasons: ['attributes'] })
    expect(seen).toEqual([
      ['chatEnded', ['no-agent']],
      ['chatEnded', [undefined]],
    ])
  })

  it('finds an already inactive channel ended on connect', async () => {
    const channel = new FakeChannel()
    channel.attributes = { status: 'INACTIVE' }
    const { transport } = setup(channel)
    await expect(transport.connect(CONNECT)).resolves.toMatchObject({ ended: true })
  })

  it('ignores member updates that are not about the read horizon', async () => {
    const { transport, channel } = setup()
    await transport.connect(CONNECT)
    const seen = record(transport)
    channel.fire('memberUpdated', { member: new FakeChatMember('agent-1', 3), updateReasons: ['attributes'] })
    expect(seen).toEqual([])
  })

  it('sends a file as a media message with FormData', async () => {
    const { transport, channel } = setup()
    await transport.connect(CONNECT)
    await transport.sendMedia(new File(['x'], 'a.png', { type: 'image/png' }), { messageId: 'm/f' })
    const sent = channel.sent[0]!
    expect(sent.message).toBeInstanceOf(FormData)
    expect((sent.message as FormData).get('file')).toBeInstanceOf(File)
    expect(sent.attributes).toEqual({ messageId: 'm/f' })
  })

  it("exposes an agent message's one file with its SID and a lazily fetched URL; a text message has none", async () => {
    const { transport, channel } = setup()
    await transport.connect(CONNECT)
    const seen = record(transport)
    const sid = `ME${'1'.repeat(32)}`
    const media = {
      sid,
      filename: 'doc.pdf',
      contentType: 'application/pdf',
      getContentTemporaryUrl: async () => 'https://m.example.test/1',
    }
    channel.fire('messageAdded', new FakeChatMessage(2, 'agent-1', '', {}, 'media', media))
    channel.fire('messageAdded', new FakeChatMessage(3, 'agent-1', 'Hi', {}, 'text'))
    const [file, text] = seen.map(([, args]) => args[0] as ChatMessage)
    expect(file?.media).toMatchObject([{ sid, filename: 'doc.pdf', contentType: 'application/pdf' }])
    await expect(file?.media[0]?.getUrl()).resolves.toBe('https://m.example.test/1')
    expect(text?.media).toEqual([])
  })
})
