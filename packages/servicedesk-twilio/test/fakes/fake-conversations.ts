/**
 * A stand-in for `@twilio/conversations`, typed against the SDK's own `.d.ts` through the `ConvSdk*` picks:
 * if the SDK renames or retypes a member the transport uses, this file stops compiling.
 */
import type { ConversationState, ConversationStatus, JSONValue, MessageType, SendMediaOptions } from '@twilio/conversations'
import type {
  ConversationsSdk,
  ConvSdkClient,
  ConvSdkClientEvents,
  ConvSdkConversation,
  ConvSdkConversationEvents,
  ConvSdkMessage,
  ConvSdkPage,
  ConvSdkParticipant,
  ConvSdkUser,
} from '../../src/transports/conversations.js'
import { SdkEmitter } from './sdk-emitter.js'

export class FakeConvUser implements ConvSdkUser {
  constructor(
    readonly friendlyName: string | null,
    readonly attributes: JSONValue = {},
  ) {}
}

export class FakeParticipant implements ConvSdkParticipant {
  constructor(
    readonly identity: string | null,
    public lastReadMessageIndex: number | null = null,
    readonly user: FakeConvUser | undefined = undefined,
  ) {}

  async getUser(): Promise<ConvSdkUser> {
    if (!this.user) throw new Error('User not found')
    return this.user
  }
}

export class FakeConvMessage implements ConvSdkMessage {
  constructor(
    readonly index: number,
    readonly author: string | null,
    readonly body: string | null,
    readonly attributes: JSONValue = {},
    readonly type: MessageType = 'text',
    readonly attachedMedia: ConvSdkMessage['attachedMedia'] = null,
  ) {}
}

export class FakeConversation extends SdkEmitter<ConvSdkConversationEvents> implements ConvSdkConversation {
  status: ConversationStatus = 'joined'
  state: ConversationState | undefined = { current: 'active', dateUpdated: new Date(0) }
  participants: FakeParticipant[] = []
  messages: FakeConvMessage[] = []
  sent: Array<{ message: unknown; attributes: unknown }> = []
  joins = 0
  leaves = 0
  reads = 0
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

  async sendMessage(message: null | string | FormData | SendMediaOptions, messageAttributes?: JSONValue): Promise<number> {
    this.sent.push({ message, attributes: messageAttributes })
    return this.messages.length
  }

  async setAllMessagesRead(): Promise<number> {
    this.reads += 1
    return this.messages.length - 1
  }

  async typing(): Promise<void> {
    this.typings += 1
  }

  async getMessages(pageSize = 30, anchor = 0, direction: 'backwards' | 'forward' = 'backwards'): Promise<ConvSdkPage> {
    if (direction !== 'forward') throw new Error('The transport pages forward')
    const from = this.messages.filter((message) => message.index >= anchor)
    const page = (offset: number): ConvSdkPage => ({
      items: from.slice(offset, offset + Math.min(pageSize, this.pageSize)),
      hasNextPage: offset + this.pageSize < from.length,
      nextPage: async () => page(offset + this.pageSize),
    })
    return page(0)
  }

  async getParticipants(): Promise<ConvSdkParticipant[]> {
    return this.participants
  }
}

/** A fake `@twilio/conversations` module holding one conversation; `initState` is what the client reports. */
export function fakeConversations(conversation = new FakeConversation(), sid = 'CH0001', initState: 'initialized' | 'failed' = 'initialized') {
  const clients: FakeConvClient[] = []
  class FakeConvClient extends SdkEmitter<ConvSdkClientEvents> implements ConvSdkClient {
    tokens: string[] = []
    shutDown = false

    constructor(readonly token: string) {
      super()
      clients.push(this)
      // The real client initializes asynchronously after construction.
      setTimeout(() => this.fire('stateChanged', initState), 0)
    }

    async getConversationBySid(conversationSid: string): Promise<ConvSdkConversation> {
      if (conversationSid !== sid) throw new Error(`Conversation ${conversationSid} not found`)
      return conversation
    }

    async updateToken(token: string): Promise<unknown> {
      this.tokens.push(token)
      return this
    }

    async shutdown(): Promise<void> {
      this.shutDown = true
    }
  }
  const sdk: ConversationsSdk = { Client: FakeConvClient }
  return { sdk, conversation, clients, client: () => clients[0] }
}
