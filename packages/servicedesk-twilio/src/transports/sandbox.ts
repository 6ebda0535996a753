/**
 * `sandbox`: the auth-middleware's local Flex sandbox, over the browser's `WebSocket` (protocol:
 * `@flex-escalate/api`'s `sandbox.ts`). Only reached through `import()`, like the Twilio transports. There is
 * no SDK to reconnect for it: a `SandboxClient` reopens a dropped socket and authenticates again with the
 * newest token, and paces every frame under the hub's rate limit (a burst of messages waits its turn, a
 * `rate-limited` refusal is sent again, in order); this class maps the protocol onto `ChatTransport` and
 * tells the desk what changed while the socket was down.
 */

import { type VisitorEvent, VisitorProtocol, type VisitorReady, type WireMember } from '@flex-escalate/api'
import type { EndReason } from '@flex-escalate/api/end-reason'
import { MAX_MESSAGE_BODY_LENGTH, SandboxCloseCode } from '@flex-escalate/api/limits'
import type { CloseVerdict, SandboxClientOptions, SocketEnd } from '../sandbox-client/client-config.js'
import { ConnectionLost } from '../sandbox-client/errors.js'
import type { SandboxCall } from '../sandbox-client/protocol.js'
import { SandboxClient } from '../sandbox-client/sandbox-client.js'
import type { ChatMessage, ChatSnapshot, ChatTransport, ChatTransportEvents, ConnectParams, OutgoingAttributes } from './chat-transport.js'
import { mediaOf, toChatMember, toChatMessage } from './sandbox-frames.js'
import { TransportEmitter } from './transport-kit.js'

export type SandboxTransportOptions = SandboxClientOptions

type Visitor = typeof VisitorProtocol
type Authenticate = Extract<SandboxCall<Visitor>, { type: 'authenticate' }>

/**
 * What a close of `/sandbox/visitor` means: 4404 (the chat is gone) and 1000 end the chat's connection for
 * good, 4401 (token refused) waits for the desk's `updateToken`, anything else is worth another socket.
 */
function visitorVerdict({ code }: SocketEnd): CloseVerdict {
  if (code === SandboxCloseCode.notFound || code === SandboxCloseCode.normal) return 'stop'
  return code === SandboxCloseCode.unauthorized ? 'renew' : 'retry'
}

/** The error `connect()` rejects with, worded for the close code that ended the attempt. */
function connectFailure(error: unknown): Error {
  const code = error instanceof ConnectionLost ? error.code : undefined
  if (code === SandboxCloseCode.unauthorized) {
    return new Error('Failed to open the chat: the chat sandbox refused the access token (4401). Please start a new chat.', {
      cause: error,
    })
  }
  if (code === SandboxCloseCode.notFound) {
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
  readonly #client: SandboxClient<Visitor, Authenticate>
  /** Who is in the chat, kept up to date by the events, to compare with after a reconnection. */
  #members = new Map<string, WireMember>()
  #ended = false
  #chatSid = ''
  /** The newest access token: every (re)authentication uses it. */
  #token = ''

  constructor(options: SandboxTransportOptions = {}) {
    const events = this.#events
    const config = {
      protocol: VisitorProtocol,
      handshake: (): Authenticate => ({ type: 'authenticate', token: this.#token, chatSid: this.#chatSid }),
      verdict: visitorVerdict,
      // Every visitor request may be repeated: the sandbox recognises a repeated `send` by its messageId
      // (same index, no second message), and the others are idempotent by nature.
      whileDown: 'wait',
      // The visitor's messages reach the agent in the order sent, also when the hub refused one for its rate.
      inOrder: ['send'],
      notConnectedAdvice: 'Please start a new chat.',
    } as const
    this.#client = new SandboxClient(config, options, {
      event: (event) => this.#onEvent(event),
      disconnected: () => events.emit('connectionStateChanged', 'disconnected'),
      renewalNeeded: () => events.emit('connectionStateChanged', 'denied'),
      ready: (ready) => this.#reconnected(ready),
      stopped: ({ code }) => {
        if (code === SandboxCloseCode.notFound) this.#chatEnded()
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
    this.#chatSid = chatSid
    this.#token = token
    const ready = await this.#client.open(sandboxUrl).catch((error: unknown) => Promise.reject(connectFailure(error)))
    this.#members = new Map(ready.members.map((member) => [member.identity, member]))
    this.#ended = ready.chat.state === 'closed'
    return { ended: this.#ended, members: ready.members.map(toChatMember) }
  }

  async sendText(body: string, attributes: OutgoingAttributes): Promise<void> {
    if (body.length > MAX_MESSAGE_BODY_LENGTH) {
      throw new Error(
        `Failed to send the message: it has ${body.length} characters and the chat sandbox takes at most ${MAX_MESSAGE_BODY_LENGTH}. Please shorten it.`,
      )
    }
    await this.#client.request({ type: 'send', body, attributes })
  }

  async sendMedia(file: File, attributes: OutgoingAttributes): Promise<void> {
    await this.#client.request({ type: 'send', body: '', attributes, media: await mediaOf(file) })
  }

  async markAllRead(): Promise<void> {
    await this.#client.request({ type: 'read' })
  }

  async typing(): Promise<void> {
    this.#client.notify({ type: 'typing' })
  }

  async messagesAfter(index: number): Promise<ChatMessage[]> {
    const messages: ChatMessage[] = []
    // The sandbox answers in pages of bounded size: ask again from the newest index until a page is empty.
    // Only indices past the last one count, so a server that repeats itself cannot keep this looping.
    for (let after = Math.max(-1, index); ; ) {
      const { messages: reply } = await this.#client.request({ type: 'history', afterIndex: after })
      const page = reply.filter((message) => message.index > after).sort((a, b) => a.index - b.index)
      const last = page.at(-1)
      if (!last) return messages
      messages.push(...page.map(toChatMessage))
      after = last.index
    }
  }

  async updateToken(token: string): Promise<void> {
    this.#token = token
    // Refused (4401): reconnect with this token. Reconnecting: the next authenticate carries it anyway.
    if (this.#client.state === 'renewing') this.#client.renew()
    else if (this.#client.state === 'ready') await this.#client.request({ type: 'updateToken', token })
  }

  async leave(): Promise<void> {
    await this.#client.request({ type: 'leave' })
  }

  async shutdown(): Promise<void> {
    this.#events.close()
    await this.#client.shutdown()
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
    if (ready.chat.state === 'closed') this.#chatEnded(ready.chat.endReason)
  }

  #chatEnded(reason?: EndReason): void {
    if (this.#ended) return
    this.#ended = true
    this.#events.emit('chatEnded', reason)
  }

  #onEvent(event: VisitorEvent): void {
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
        this.#chatEnded(event.reason)
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
