/**
 * A stand-in for `twilio-chat`, typed against the SDK's own `.d.ts` through the `ChatSdk*` picks: if the SDK
 * renames or retypes a member the transport uses, this file stops compiling.
 */
import type { ChannelStatus, MessageType } from 'twilio-chat'
import type {
  ChatSdkChannel,
  ChatSdkChannelEvents,
  ChatSdkClient,
  ChatSdkClientEvents,
  ChatSdkMember,
  ChatSdkMessage,
  ChatSdkPage,
  ChatSdkUser,
  TwilioChatSdk,
} from '../../src/transports/programmable-chat.js'
import { SdkEmitter } from './sdk-emitter.js'

export class FakeChatUser implements ChatSdkUser {
  constructor(
    readonly friendlyName: string,
    readonly attributes: Record<string, unknown> = {},
  ) {}
}

export class FakeChatMember implements ChatSdkMember {
  constructor(
    readonly identity: string,
    public lastConsumedMessageIndex: number | null = null,
    readonly user: FakeChatUser | undefined = undefined,
  ) {}

  async getUser(): Promise<ChatSdkUser> {
    if (!this.user) throw new Error('User not found')
    return this.user
  }
}

export class FakeChatMessage implements ChatSdkMessage {
  constructor(
    readonly index: number,
    readonly author: string,
    readonly body: string,
    readonly attributes: Record<string, unknown> = {},
    readonly type: MessageType = 'text',
    readonly media: ChatSdkMessage['media'] = null,
  ) {}
}

export class FakeChannel extends SdkEmitter<ChatSdkChannelEvents> implements ChatSdkChannel {
  status: ChannelStatus = 'notParticipating'
  attributes: Record<string, unknown> = { status: 'ACTIVE' }
  members: FakeChatMember[] = []
  messages: FakeChatMessage[] = []
  sent: Array<{ message: unknown; attributes: unknown }> = []
  joins = 0
  leaves = 0
  consumed = 0
  typings = 0
  pageSize = 2

  async join(): Promise<unknown> {
    this.joins += 1
    this.status = 'joined'
    return this
  }

  async leave(): Promise<unknown> {
    this.leaves += 1
    return this
  }

  async sendMessage(message: string | FormData | { contentType: string; media: string } | null, messageAttributes?: unknown): Promise<number> {
    this.sent.push({ message, attributes: messageAttributes })
    return this.messages.length
  }

  async setAllMessagesConsumed(): Promise<number> {
    this.consumed += 1
    return this.messages.length - 1
  }

  async typing(): Promise<void> {
    this.typings += 1
  }

  async getMessages(pageSize = 30, anchor = 0, direction: 'backwards' | 'forward' = 'backwards'): Promise<ChatSdkPage> {
    if (direction !== 'forward') throw new Error('The transport pages forward')
    const from = this.messages.filter((message) => message.index >= anchor)
    const page = (offset: number): ChatSdkPage => ({
      items: from.slice(offset, offset + Math.min(pageSize, this.pageSize)),
      hasNextPage: offset + this.pageSize < from.length,
      nextPage: async () => page(offset + this.pageSize),
    })
    return page(0)
  }

  async getMembers(): Promise<ChatSdkMember[]> {
    return this.members
  }
}

export class FakeChatClient extends SdkEmitter<ChatSdkClientEvents> implements ChatSdkClient {
  tokens: string[] = []
  shutDown = false

  constructor(
    readonly token: string,
    readonly channels: Map<string, FakeChannel>,
  ) {
    super()
  }

  async getChannelBySid(channelSid: string): Promise<ChatSdkChannel> {
    const channel = this.channels.get(channelSid)
    if (!channel) throw new Error(`Channel ${channelSid} not found`)
    return channel
  }

  async updateToken(token: string): Promise<unknown> {
    this.tokens.push(token)
    return this
  }

  async shutdown(): Promise<void> {
    this.shutDown = true
  }
}

/** A fake `twilio-chat` module holding one channel. */
export function fakeTwilioChat(channel = new FakeChannel(), sid = 'CH0001') {
  const clients: FakeChatClient[] = []
  const sdk: TwilioChatSdk = {
    Client: {
      create: async (token: string) => {
        const client = new FakeChatClient(token, new Map([[sid, channel]]))
        clients.push(client)
        return client
      },
    },
  }
  return { sdk, channel, clients, client: () => clients[0] }
}
