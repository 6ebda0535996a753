import { TRANSCRIPT_AUTHOR } from '@flex-escalate/api/transcript'
import type { HostCallbacks, QueueInfo } from '../host/host-callbacks.js'
import type { Logger } from '../logger.js'
import type { MiddlewareClient } from '../middleware/middleware-client.js'
import type { ChatMember, ChatMessage, ChatSnapshot, ChatTransport, ConnectionState } from '../transports/chat-transport.js'
import { AgentRoster } from './agent-roster.js'
import type { PersistedChat } from './persisted-state.js'
import { Repeater } from './repeater.js'
import { isTranscript } from './transcript.js'
import { TypingThrottle } from './typing-throttle.js'

/** How long after the last agent left the desk waits for Flex to end the chat before announcing a transfer. */
export const TRANSFER_GRACE_MS = 1_500

export interface LiveChatDeps {
  host: HostCallbacks
  middleware: MiddlewareClient
  transport: ChatTransport
  logger: Logger
  availabilityPollMs: number
}

type Phase = 'waiting' | 'joined' | 'ended'

/**
 * One running chat: the state machine waiting → joined → ended, written once above `ChatTransport`. Every
 * transport event runs through one queue, so the host sees them in order and each message exactly once
 * (by index).
 */
export class LiveChat {
  readonly #roster: AgentRoster
  readonly #poller: Repeater
  readonly #typing: TypingThrottle
  #phase: Phase = 'waiting'
  #closed = false
  #queue: Promise<void> = Promise.resolve()
  #transferTimer: ReturnType<typeof setTimeout> | undefined
  #handedOver = false
  #disconnected = false
  #refreshing: Promise<void> | undefined
  #lastVisitorIndex = -1
  #acknowledgedIndex = -1
  readonly #confirmedIds = new Set<string>()

  constructor(
    private readonly state: PersistedChat,
    private readonly deps: LiveChatDeps,
  ) {
    this.#roster = new AgentRoster(deps.host)
    this.#poller = new Repeater(() => this.#pollQueue(), deps.availabilityPollMs)
    this.#typing = new TypingThrottle(() => deps.transport.typing())
    this.#subscribe()
  }

  get ended(): boolean {
    return this.#phase === 'ended'
  }

  get sessionToken(): string {
    return this.state.sessionToken
  }

  /** Processes the chat as found on connecting: members present, messages missed, queue polling. */
  async begin(snapshot: ChatSnapshot, resumed: boolean): Promise<void> {
    if (snapshot.ended) {
      this.#phase = 'ended'
      return
    }
    this.#roster.restore(resumed ? this.state.agents : [])
    if (this.#roster.size > 0) this.#phase = 'joined'
    const present = snapshot.members.filter((member) => this.#isAgent(member.identity))
    await this.#enqueue(async () => {
      for (const known of this.#roster.list()) {
        if (!present.some((member) => member.identity === known.id)) await this.#agentLeft(known.id)
      }
      for (const member of present) await this.#agentJoined(member)
    })
    await this.catchUp()
    this.#persist()
    if (this.#phase === 'waiting') this.#poller.start()
  }

  /** Delivers every message after the last one handled (after a reconnect or a reload). */
  catchUp(): Promise<void> {
    return this.#enqueue(async () => {
      const messages = await this.deps.transport.messagesAfter(this.state.lastIndex)
      for (const message of messages) await this.#message(message)
    })
  }

  /** Sends the visitor's text; a retry of a message Twilio already has is not sent again. */
  async sendText(text: string, messageId: string): Promise<void> {
    if (this.#confirmedIds.has(messageId)) return
    await this.deps.transport.sendText(text, { messageId })
    this.#confirmedIds.add(messageId)
    this.#typing.reset()
  }

  async sendFile(file: File, messageId: string, fileId: string): Promise<void> {
    const key = `${messageId}/${fileId}`
    if (this.#confirmedIds.has(key)) return
    await this.deps.transport.sendMedia(file, { messageId: key, fileId })
    this.#confirmedIds.add(key)
  }

  userTyping(isTyping: boolean): Promise<void> {
    return this.#typing.update(isTyping)
  }

  markAllRead(): Promise<void> {
    return this.deps.transport.markAllRead()
  }

  /** Stops everything; with `leave`, the visitor leaves the chat first. No host call happens afterwards. */
  async close(leave: boolean): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#phase = 'ended'
    this.#poller.stop()
    clearTimeout(this.#transferTimer)
    const { transport, logger } = this.deps
    if (leave) await transport.leave().catch((error: unknown) => logger.warn('Leaving the chat failed', error))
    await transport.shutdown().catch((error: unknown) => logger.warn('Shutting the chat client down failed', error))
  }

  #subscribe(): void {
    const { transport } = this.deps
    transport.on('messageAdded', (message) => void this.#enqueue(() => this.#message(message)))
    transport.on('memberJoined', (member) => void this.#enqueue(() => this.#agentJoined(member)))
    transport.on('memberLeft', (identity) => void this.#enqueue(() => this.#agentLeft(identity)))
    transport.on('typingStarted', (identity) => void this.#enqueue(() => this.#roster.typingStarted(identity)))
    transport.on('typingEnded', (identity) => void this.#enqueue(() => this.#roster.typingEnded(identity)))
    transport.on('readHorizonChanged', (identity, index) => void this.#enqueue(() => this.#agentRead(identity, index)))
    transport.on('chatEnded', () => void this.#enqueue(() => this.#flexEnded()))
    transport.on('connectionStateChanged', (state) => void this.#connection(state))
    transport.on('tokenAboutToExpire', () => void this.#refreshToken())
    transport.on('tokenExpired', () => void this.#refreshToken())
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = async () => {
      if (this.#closed) return
      try {
        await task()
      } catch (error) {
        this.deps.logger.warn('Handling a chat event failed', error)
      }
    }
    this.#queue = this.#queue.then(run)
    return this.#queue
  }

  #isAgent(identity: string | undefined): identity is string {
    return !!identity && identity !== this.state.identity && identity !== TRANSCRIPT_AUTHOR
  }

  async #message(message: ChatMessage): Promise<void> {
    if (message.index <= this.state.lastIndex) return
    this.state.lastIndex = message.index
    if (message.author === this.state.identity) {
      this.#lastVisitorIndex = message.index
      const id = message.attributes.messageId
      if (typeof id === 'string') this.#confirmedIds.add(id)
    }
    if (isTranscript(message) || !this.#isAgent(message.author) || this.#phase === 'ended') {
      this.#persist()
      return
    }
    await this.#roster.typingEnded(message.author)
    const text = await this.#textOf(message)
    if (text) await this.deps.host.sendMessageToUser(text, message.author)
    this.#persist()
  }

  async #textOf(message: ChatMessage): Promise<string> {
    if (!message.media) return message.body
    const name = message.media.filename ?? 'file'
    const url = await message.media.getUrl().catch(() => undefined)
    const link = url ? `[${name}](${url})` : name
    return message.body ? `${message.body}\n${link}` : link
  }

  async #agentJoined(member: ChatMember): Promise<void> {
    if (!this.#isAgent(member.identity) || this.#phase === 'ended') return
    clearTimeout(this.#transferTimer)
    await this.#roster.joined(member, this.#handedOver)
    this.#handedOver = false
    this.#phase = 'joined'
    this.#poller.stop()
    if (member.lastReadIndex !== undefined) await this.#agentRead(member.identity, member.lastReadIndex)
    this.#persist()
  }

  async #agentLeft(identity: string): Promise<void> {
    if (this.#phase === 'ended' || !(await this.#roster.left(identity))) return
    this.#persist()
    if (this.#roster.size > 0) return
    // Flex removes the agent around the time it ends the chat: wait a moment before calling it a transfer.
    this.#transferTimer = setTimeout(() => void this.#enqueue(() => this.#awaitNextAgent()), TRANSFER_GRACE_MS)
  }

  async #awaitNextAgent(): Promise<void> {
    if (this.#phase === 'ended' || this.#roster.size > 0) return
    this.#phase = 'waiting'
    this.#handedOver = true
    await this.deps.host.beginTransfer()
    this.#poller.start()
  }

  async #agentRead(identity: string, index: number): Promise<void> {
    if (!this.#roster.has(identity) || this.#lastVisitorIndex < 0) return
    if (index < this.#lastVisitorIndex || this.#acknowledgedIndex >= this.#lastVisitorIndex) return
    this.#acknowledgedIndex = this.#lastVisitorIndex
    await this.deps.host.agentReadMessages()
  }

  async #flexEnded(): Promise<void> {
    if (this.#phase === 'ended') return
    this.#phase = 'ended'
    this.#poller.stop()
    clearTimeout(this.#transferTimer)
    await this.deps.host.agentEndedChat()
  }

  async #connection(state: ConnectionState): Promise<void> {
    if (this.#closed) return
    if (state === 'denied') return this.#refreshToken()
    if (state === 'disconnected' && !this.#disconnected) {
      this.#disconnected = true
      await this.deps.host.setDisconnected(true)
    } else if (state === 'connected' && this.#disconnected) {
      this.#disconnected = false
      await this.deps.host.setDisconnected(false)
      await this.catchUp()
    }
  }

  /** `/auth/refresh`, then `updateToken`; one refresh at a time. A failed refresh means disconnected. */
  #refreshToken(): Promise<void> {
    this.#refreshing ??= (async () => {
      try {
        const { token } = await this.deps.middleware.refresh(this.state.sessionToken)
        if (!this.#closed) await this.deps.transport.updateToken(token)
      } catch (error) {
        this.deps.logger.error('Refreshing the Twilio token failed', error)
        if (this.#closed) return
        this.#disconnected = true
        await this.deps.host.setDisconnected(true)
      } finally {
        this.#refreshing = undefined
      }
    })()
    return this.#refreshing
  }

  async #pollQueue(): Promise<void> {
    try {
      const reply = await this.deps.middleware.availability(this.state.topic, this.state.sessionToken)
      if (this.#phase !== 'waiting' || this.#closed) return
      const queue: QueueInfo = {
        ...(reply.positionInQueue !== undefined && { positionInQueue: reply.positionInQueue }),
        ...(reply.estimatedWaitSeconds !== undefined && { estimatedWaitSeconds: reply.estimatedWaitSeconds }),
      }
      if (Object.keys(queue).length > 0) await this.deps.host.updateAgentAvailability(queue)
    } catch (error) {
      this.deps.logger.debug('Polling the queue position failed', error)
    }
  }

  #persist(): void {
    if (this.#closed) return
    this.deps.host.persist({ ...this.state, agents: this.#roster.list() })
  }
}
