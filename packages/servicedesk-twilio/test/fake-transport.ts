/** A `ChatTransport` the tests drive by hand: it records what the desk sends and emits what a test says. */
import type {
  ChatMember,
  ChatMessage,
  ChatSnapshot,
  ChatTransport,
  ChatTransportEvents,
  ConnectParams,
  OutgoingAttributes,
} from '../src/index.js'
import { TransportEmitter } from '../src/transports/transport-kit.js'

export interface Sent {
  kind: 'text' | 'media'
  body: string
  attributes: OutgoingAttributes
}

export function member(identity: string, friendlyName?: string, avatarUrl?: string, lastReadIndex?: number): ChatMember {
  return {
    identity,
    ...(lastReadIndex !== undefined && { lastReadIndex }),
    loadProfile: async () => ({ ...(friendlyName && { friendlyName }), ...(avatarUrl && { avatarUrl }) }),
  }
}

export function message(
  index: number,
  author: string,
  body: string,
  attributes: Record<string, unknown> = {},
  media: ChatMessage['media'] = [],
): ChatMessage {
  return { index, author, body, attributes, media }
}

export class FakeTransport implements ChatTransport {
  readonly name = 'conversations'
  readonly events = new TransportEmitter()
  readonly sent: Sent[] = []
  readonly history: ChatMessage[] = []
  connectedWith: ConnectParams | undefined
  snapshot: ChatSnapshot = { ended: false, members: [] }
  tokens: string[] = []
  typingSignals = 0
  readCalls = 0
  left = false
  shutDown = false
  failConnect: Error | undefined
  failSend: Error | undefined
  /** `connect()` never settles (the SDK hangs): the desk's own timeout must end the attempt. */
  hangConnect = false
  /** Refuses one send (text or file) and not the others: the error to throw, or undefined to send it. */
  failWhen: ((sent: Sent) => Error | undefined) | undefined
  /** Indices the chat gives to sent messages (they echo back as `messageAdded`). */
  nextIndex = 1

  on<E extends keyof ChatTransportEvents>(event: E, listener: ChatTransportEvents[E]): () => void {
    return this.events.on(event, listener)
  }

  emit<E extends keyof ChatTransportEvents>(event: E, ...args: Parameters<ChatTransportEvents[E]>): void {
    this.events.emit(event, ...args)
  }

  /** Adds a message to the history and emits it, as Twilio does. */
  deliver(chatMessage: ChatMessage, emit = true): void {
    this.history.push(chatMessage)
    this.nextIndex = Math.max(this.nextIndex, chatMessage.index + 1)
    if (emit) this.emit('messageAdded', chatMessage)
  }

  async connect(params: ConnectParams): Promise<ChatSnapshot> {
    if (this.failConnect) throw this.failConnect
    if (this.hangConnect) return new Promise<ChatSnapshot>(() => undefined)
    this.connectedWith = params
    return this.snapshot
  }

  async sendText(body: string, attributes: OutgoingAttributes): Promise<void> {
    await this.#send('text', body, attributes)
  }

  async sendMedia(file: File, attributes: OutgoingAttributes): Promise<void> {
    await this.#send('media', file.name, attributes)
  }

  async #send(kind: Sent['kind'], body: string, attributes: OutgoingAttributes): Promise<void> {
    if (this.failSend) throw this.failSend
    const refusal = this.failWhen?.({ kind, body, attributes })
    if (refusal) throw refusal
    this.sent.push({ kind, body, attributes })
    const index = this.nextIndex
    this.deliver({ index, author: this.connectedWith?.identity, body, attributes, media: [] })
  }

  async markAllRead(): Promise<void> {
    this.readCalls += 1
  }

  async typing(): Promise<void> {
    this.typingSignals += 1
  }

  async messagesAfter(index: number): Promise<ChatMessage[]> {
    return this.history.filter((item) => item.index > index)
  }

  async updateToken(token: string): Promise<void> {
    this.tokens.push(token)
  }

  async leave(): Promise<void> {
    this.left = true
  }

  async shutdown(): Promise<void> {
    this.shutDown = true
    this.events.close()
  }
}
