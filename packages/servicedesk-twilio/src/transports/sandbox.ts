/**
 * `sandbox`: the auth-middleware's local Flex sandbox, over the browser's `WebSocket` (protocol:
 * `@flex-escalate/api`'s `sandbox.ts`). Only reached through `import()`, like the Twilio transports. There is
 * no SDK to reconnect for it: `SandboxConnection` reopens a dropped socket; this class maps the protocol onto
 * `ChatTransport` and tells the desk what changed while the socket was down.
 */
import type { VisitorReady, WireMember } from '@flex-escalate/api'
import type { ChatMessage, ChatSnapshot, ChatTransport, ChatTransportEvents, ConnectParams, OutgoingAttributes } from './chat-transport.js'
import { SandboxConnection, type SandboxConnectionOptions } from './sandbox-connection.js'
import { MAX_BODY_LENGTH, mediaOf, readEvent, readMessages, toChatMember, toChatMessage } from './sandbox-frames.js'
import { CloseCode, ConnectionLost } from './sandbox-socket.js'
import { TransportEmitter } from './transport-kit.js'

export type SandboxTransportOptions = SandboxConnectionOptions

/** The error `connect()` rejects with, worded for the close code that ended the attempt. */
function connectFailure(error: unknown): Error {
  const code = error instanceof ConnectionLost ? error.code : undefined
  if (code === CloseCode.unauthorized) {
    return new Error('Failed to open the chat: the chat sandbox refused the access token (4401). Please start a new chat.', {
      cause: error,
    })
  }
  if (code === CloseCode.notFound) {
    return new Error('Failed to open the chat: the chat sandbox does not know this chat (4404). Please start a new chat.', { cause: error })
  }
  return error instanceof Error ? error : new Error(String(error))
}

/**
 * A `ChatTransport` over the sandbox's `/sandbox/visitor` WebSocket.
 *
 * @example
 * const transport = new SandboxTransport()
 * await transport.connect({ token, chatSid, identity, sandboxUrl: 'ws://127.0.0.1:4000/sandbox/visitor' })
 */
export class SandboxTransport implements ChatTransport {
  readonly name = 'sandbox'
  readonly #events = new TransportEmitter()
  readonly #connection: SandboxConnection
  /** Who is in the chat, kept up to date by the events, to compare with after a reconnection. */
  #members = new Map<string, WireMember>()
  #ended = false

  constructor(options: SandboxTransportOptions = {}) {
    const events = this.#events
    this.#connection = new SandboxConnection(options, {
      frame: (frame) => this.#onFrame(frame),
      disconnected: () => events.emit('connectionStateChanged', 'disconnected'),
      denied: () => events.emit('connectionStateChanged', 'denied'),
      reconnected: (ready) => this.#reconnected(ready),
      closed: (code) => {
        if (code === CloseCode.notFound) this.#chatEnded()
        // The server said goodbye (1000) while the chat still runs: the visitor must know it is cut off.
        else if (!this.#ended) events.emit('connectionStateChanged', 'disconnected')
      },
    })
  }

  on<E extends keyof ChatTransportEvents>(event: E, listener: ChatTransportEvents[E]): () => void {
    return this.#events.on(event, listener)
  }

  async connect({ token, chatSid, sandboxUrl }: ConnectParams): Promise<ChatSnapshot> {
    if (!sandboxUrl) {
      throw new Error('Failed to open the chat: /auth named the sandbox transport without a sandboxUrl. Please update the middleware.')
    }
    const ready = await this.#connection.open(sandboxUrl, chatSid, token).catch((error: unknown) => Promise.reject(connectFailure(error)))
    this.#members = new Map(ready.members.map((member) => [member.identity, member]))
    this.#ended = ready.chat.state === 'closed'
    return { ended: this.#ended, members: ready.members.map(toChatMember) }
  }

  async sendText(body: string, attributes: OutgoingAttributes): Promise<void> {
    if (body.length > MAX_BODY_LENGTH) {
      throw new Error(
        `Failed to send the message: it has ${body.length} characters and the chat sandbox takes at most ${MAX_BODY_LENGTH}. Please shorten it.`,
      )
    }
    await this.#connection.call({ type: 'send', body, attributes })
  }

  async sendMedia(file: File, attributes: OutgoingAttributes): Promise<void> {
    await this.#connection.call({ type: 'send', body: '', attributes, media: await mediaOf(file) })
  }

  async markAllRead(): Promise<void> {
    await this.#connection.call({ type: 'read' })
  }

  async typing(): Promise<void> {
    this.#connection.notify({ type: 'typing' })
  }

  async messagesAfter(index: number): Promise<ChatMessage[]> {
    const messages: ChatMessage[] = []
    // The sandbox answers in pages of bounded size: ask again from the newest index until a page is empty.
    // Only indices past the last one count, so a server that repeats itself cannot keep this looping.
    for (let after = Math.max(-1, index); ; ) {
      const result = await this.#connection.call({ type: 'history', afterIndex: after })
      const page = readMessages(result).filter((message) => message.index > after)
      const last = page.at(-1)
      if (!last) return messages
      messages.push(...page.map(toChatMessage))
      after = last.index
    }
  }

  async updateToken(token: string): Promise<void> {
    await this.#connection.updateToken(token)
  }

  async leave(): Promise<void> {
    await this.#connection.call({ type: 'leave' })
  }

  async shutdown(): Promise<void> {
    this.#events.close()
    await this.#connection.shutdown()
  }

  /**
   * Tells the desk who joined, left or read while the socket was down, then `connected` (on which the desk
   * fetches the missed messages), then the end of the chat if it ended meanwhile.
   */
  #reconnected(ready: VisitorReady): void {
    const events = this.#events
    const before = this.#members
    this.#members = new Map(ready.members.map((member) => [member.identity, member]))
    for (const identity of before.keys()) {
      if (!this.#members.has(identity)) events.emit('memberLeft', identity)
    }
    for (const member of ready.members) {
      const known = before.get(member.identity)
      if (!known) events.emit('memberJoined', toChatMember(member))
      else if (member.lastReadIndex !== undefined && member.lastReadIndex !== known.lastReadIndex) {
        events.emit('readHorizonChanged', member.identity, member.lastReadIndex)
      }
    }
    events.emit('connectionStateChanged', 'connected')
    if (ready.chat.state === 'closed') this.#chatEnded()
  }

  #chatEnded(): void {
    if (this.#ended) return
    this.#ended = true
    this.#events.emit('chatEnded')
  }

  #onFrame(frame: Record<string, unknown> & { type: string }): void {
    const event = readEvent(frame)
    if (!event) return
    const events = this.#events
    switch (event.type) {
      case 'messageAdded':
        events.emit('messageAdded', toChatMessage(event.message))
        break
      case 'memberJoined':
        this.#members.set(event.member.identity, event.member)
        events.emit('memberJoined', toChatMember(event.member))
        break
      case 'memberLeft':
        this.#members.delete(event.identity)
        events.emit('memberLeft', event.identity)
        break
      case 'typingStarted':
        events.emit('typingStarted', event.identity)
        break
      case 'typingEnded':
        events.emit('typingEnded', event.identity)
        break
      case 'readHorizon': {
        const member = this.#members.get(event.identity)
        if (member) this.#members.set(event.identity, { ...member, lastReadIndex: event.lastReadIndex })
        events.emit('readHorizonChanged', event.identity, event.lastReadIndex)
        break
      }
      case 'chatEnded':
        this.#chatEnded()
        break
      case 'tokenAboutToExpire':
        events.emit('tokenAboutToExpire')
        break
      case 'tokenExpired':
        events.emit('tokenExpired')
        break
    }
  }
}

/** Entry point for the transport registry. */
export const createTransport = (options?: SandboxTransportOptions): SandboxTransport => new SandboxTransport(options)
