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
import { FakeChatBase, SdkEmitter } from './sdk-emitter.js'

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

export class FakeChannel extends FakeChatBase<ChatSdkChannelEvents, FakeChatMessage> implements ChatSdkChannel {
  status: ChannelStatus = 'notParticipating'
  attributes: Record<string, unknown> = { status: 'ACTIVE' }
  members: FakeChatMember[] = []
  consumed = 0

  protected markJoined(): void {
    this.status = 'joined'
  }

  async sendMessage(
    message: string | FormData | { contentType: string; media: string } | null,
    messageAttributes?: unknown,
  ): Promise<number> {
    return this.record(message, messageAttributes)
  }

  async setAllMessagesConsumed(): Promise<number> {
    this.consumed += 1
    return this.messages.length - 1
  }

  async getMessages(pageSize = 30, anchor = 0, direction: 'backwards' | 'forward' = 'backwards'): Promise<ChatSdkPage> {
    return this.page(pageSize, anchor, direction)
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
