import type {
  ChatMessage,
  ChatSnapshot,
  ChatTransport,
  ChatTransportEvents,
  ConnectParams,
  OutgoingAttributes,
  TransportName,
} from './chat-transport.js'
import { type PacingOptions, SendQueue, type SendRate } from './send-queue.js'
import { allPages, type ForwardPage, isTooManyRequests, type SdkOn, TransportEmitter, toConnectionState } from './transport-kit.js'

/** The client events both SDKs share, with the listener shapes both accept. */
interface CommonClientEvents {
  tokenAboutToExpire: () => void
  tokenExpired: () => void
  connectionStateChanged: (state: never) => void
}

/** What both SDKs' clients offer the shared code. */
export type CommonSdkClient = SdkOn<CommonClientEvents> & {
  updateToken(token: string): Promise<unknown>
  shutdown(): Promise<void>
}

/** What both SDKs' channels / conversations offer the shared code. */
export interface CommonSdkChat<Message> {
  sendMessage(message: string, messageAttributes: OutgoingAttributes): Promise<number>
  typing(): Promise<void>
  leave(): Promise<unknown>
  getMessages(pageSize?: number, anchor?: number, direction?: 'backwards' | 'forward'): Promise<ForwardPage<Message>>
}

const PAGE_SIZE = 100

/**
 * What a visitor sends to Twilio: 10 a second, bursts of 10. Twilio allows 30 actions a second per
 * conversation (Conversations) or channel (Programmable Chat) for message create and participant update, a
 * budget the visitor shares with the agents and Flex itself, so the visitor keeps to a third of it
 * (https://www.twilio.com/docs/chat/chat-limits, https://www.twilio.com/en-us/changelog/increasing-actions-per-second-for-conversations-).
 * Over it Twilio answers 429, which the transport retries with backoff.
 */
export const TWILIO_SEND_RATE: SendRate = { perSecond: 10, burst: 10 }

/**
 * The part of a transport that is the same for `twilio-chat` and `@twilio/conversations`; a subclass opens
 * the chat and maps the events that differ. Sends and reads go through one `SendQueue` at
 * {@link TWILIO_SEND_RATE}: messages in order, each once, a 429 retried with backoff; typing over the pace
 * is dropped.
 */
export abstract class SdkTransport<Chat extends CommonSdkChat<Message>, Client extends CommonSdkClient, Message> implements ChatTransport {
  abstract readonly name: TransportName
  protected readonly events = new TransportEmitter()
  protected client: Client | undefined
  protected chat: Chat | undefined
  protected readonly sends: SendQueue

  constructor(pacing: PacingOptions = {}) {
    this.sends = new SendQueue({ ...pacing, rate: pacing.rate ?? TWILIO_SEND_RATE, isRateLimited: isTooManyRequests })
  }

  abstract connect(params: ConnectParams): Promise<ChatSnapshot>
  abstract sendMedia(file: File, attributes: OutgoingAttributes): Promise<void>
  abstract markAllRead(): Promise<void>
  protected abstract toMessage(message: Message): ChatMessage

  on<E extends keyof ChatTransportEvents>(event: E, listener: ChatTransportEvents[E]): () => void {
    return this.events.on(event, listener)
  }

  /** Keeps the client and forwards its token and connection events. */
  protected attachClient(client: Client): void {
    this.client = client
    const events = this.events
    client.on('tokenAboutToExpire', () => events.emit('tokenAboutToExpire'))
    client.on('tokenExpired', () => events.emit('tokenExpired'))
    client.on('connectionStateChanged', ((state: string) => events.emit('connectionStateChanged', toConnectionState(state))) as (
      state: never,
    ) => void)
  }

  async sendText(body: string, attributes: OutgoingAttributes): Promise<void> {
    await this.sends.send(() => this.open().sendMessage(body, attributes))
  }

  async typing(): Promise<void> {
    if (this.sends.tryTake()) await this.open().typing()
  }

  async messagesAfter(index: number): Promise<ChatMessage[]> {
    const page = await this.open().getMessages(PAGE_SIZE, index + 1, 'forward')
    return (await allPages(page)).map((message) => this.toMessage(message)).filter((message) => message.index > index)
  }

  async updateToken(token: string): Promise<void> {
    await this.client?.updateToken(token)
  }

  async leave(): Promise<void> {
    await this.chat?.leave()
  }

  async shutdown(): Promise<void> {
    this.events.close()
    this.sends.close(new Error('Failed to send: the chat was closed.'))
    const client = this.client
    this.client = undefined
    this.chat = undefined
    await client?.shutdown()
  }

  protected open(): Chat {
    if (!this.chat) throw new Error('The chat is not connected')
    return this.chat
  }
}
