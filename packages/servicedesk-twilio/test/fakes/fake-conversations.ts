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
import { FakeChatBase, SdkEmitter } from './sdk-emitter.js'

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

export class FakeConversation extends FakeChatBase<ConvSdkConversationEvents, FakeConvMessage> implements ConvSdkConversation {
  status: ConversationStatus = 'joined'
  state: ConversationState | undefined = { current: 'active', dateUpdated: new Date(0) }
  participants: FakeParticipant[] = []
  reads = 0

  protected markJoined(): void {
    this.status = 'joined'
  }

  async sendMessage(message: null | string | FormData | SendMediaOptions, messageAttributes?: JSONValue): Promise<number> {
    return this.record(message, messageAttributes)
  }

  async setAllMessagesRead(): Promise<number> {
    this.reads += 1
    return this.messages.length - 1
  }

  async getMessages(pageSize = 30, anchor = 0, direction: 'backwards' | 'forward' = 'backwards'): Promise<ConvSdkPage> {
    return this.page(pageSize, anchor, direction)
  }

  async getParticipants(): Promise<ConvSdkParticipant[]> {
    return this.participants
  }
}

/** A fake `@twilio/conversations` module holding one conversation; `initState` is what the client reports. */
export function fakeConversations(
  conversation = new FakeConversation(),
  sid = 'CH0001',
  initState: 'initialized' | 'failed' = 'initialized',
) {
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
