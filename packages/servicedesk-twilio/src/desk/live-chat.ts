import type { EndReason } from '@flex-escalate/api/end-reason'
import { TRANSCRIPT_AUTHOR } from '@flex-escalate/api/transcript'
import { type AgentInfo, ChatCallbacks, type QueueInfo } from '../host/chat-callbacks.js'
import type { HostCallbacks } from '../host/host-callbacks.js'
import type { Phrasebook } from '../i18n/phrasebook.js'
import type { Logger } from '../logger.js'
import type { MiddlewareClient } from '../middleware/middleware-client.js'
import { MiddlewareError } from '../middleware/middleware-error.js'
import type { ChatMember, ChatMessage, ChatSnapshot, ChatTransport, ConnectionState } from '../transports/chat-transport.js'
import { agentMessageItems } from './agent-files.js'
import { AgentRoster } from './agent-roster.js'
import { type PersistedChat, sessionExpired } from './persisted-state.js'
import { isPresenceNotice, PresenceHeartbeat } from './presence.js'
import { PostChatSurvey } from './rating.js'
import { Repeater } from './repeater.js'
import { isTranscript } from './transcript.js'
import { TypingThrottle } from './typing-throttle.js'

/** How long after the last agent left the desk waits for Flex to end the chat before announcing a transfer. */
export const TRANSFER_GRACE_MS = 1_500
/** Waits before trying a failed token refresh again, in ms; the last one repeats until it works. */
export const REFRESH_RETRY_MS: readonly number[] = [2_000, 5_000, 15_000, 30_000]

export interface LiveChatDeps {
  host: HostCallbacks
  middleware: MiddlewareClient
  transport: ChatTransport
  logger: Logger
  /** The visitor's sentences, in their language. */
  phrasebook: Phrasebook
  availabilityPollMs: number
  /** While no agent has joined: how long a lost connection may take to come back before the chat is given up. */
  waitingReconnectTimeoutMs: number
  /**
   * The chat gave up (the service lost it, or the connection while waiting): the desk forgets it and, with
   * `endOnFlex`, ends it through `/chats/end`. Called before the host is told, so that the `endChat` a host
   * may call meanwhile finds nothing left to do.
   */
  gaveUp(endOnFlex: boolean): void
  /** Ask the visitor to rate the chat when the agent ends it, before the host is told (rating.ts). */
  rating?: boolean
}

type Phase = 'waiting' | 'joined' | 'ended'

/**
 * One running chat: the state machine waiting → joined → ended, written once above `ChatTransport`. Every
 * transport event runs through one queue, so the host sees them in order and each message exactly once
 * (by index).
 */
export class LiveChat {
  /** What this chat tells the host about its agents; persistence and the connecting error go to `deps.host`. */
  readonly #callbacks: ChatCallbacks
  readonly #roster: AgentRoster
  readonly #poller: Repeater
  readonly #typing: TypingThrottle
  /** Tells the middleware the visitor is still on the page, from `begin` until the chat ends (presence.ts). */
  readonly #presence: PresenceHeartbeat
  #phase: Phase = 'waiting'
  #closed = false
  #queue: Promise<void> = Promise.resolve()
  #transferTimer: ReturnType<typeof setTimeout> | undefined
  #handedOver = false
  /** Whether an agent joined at some point: hosts then show the chat as connected, even during a transfer. */
  #agentEverJoined = false
  /** The last agent announced: the one the post-chat survey asks about (agents leave as Flex ends the chat). */
  #lastAgent: AgentInfo | undefined
  /** The post-chat rating while it asks the visitor (the `rating` option): their text goes to it. */
  #survey: PostChatSurvey | undefined
  /** The transport said `disconnected` and has not said `connected` since. */
  #transportDown = false
  /** The last token refresh failed (and is being tried again): the connection will not last. */
  #refreshFailing = false
  /** The host was told "disconnected" (only after an agent joined: before, hosts end the request on it). */
  #reportedDisconnected = false
  /** While no agent has joined and the connection is lost: gives up once the timeout has passed. */
  #lossTimer: ReturnType<typeof setTimeout> | undefined
  #refreshing: Promise<void> | undefined
  #refreshRetry: ReturnType<typeof setTimeout> | undefined
  #refreshFailures = 0
  #lastVisitorIndex = -1
  #acknowledgedIndex = -1
  readonly #confirmedIds = new Set<string>()

  constructor(
    private readonly state: PersistedChat,
    private readonly deps: LiveChatDeps,
  ) {
    this.#callbacks = new ChatCallbacks(deps.host)
    this.#roster = new AgentRoster(this.#callbacks, deps.phrasebook.say('agentFallbackName'))
    this.#poller = new Repeater(() => this.#pollQueue(), deps.availabilityPollMs)
    this.#typing = new TypingThrottle(() => deps.transport.typing())
    this.#presence = new PresenceHeartbeat(deps.middleware, state.sessionToken, deps.logger)
    this.#subscribe()
  }

  get ended(): boolean {
    return this.#phase === 'ended'
  }

  /** The chat ended and the post-chat survey is asking the visitor: their text is an answer, not a message. */
  get surveying(): boolean {
    return this.#survey?.active === true
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
    this.#presence.start()
    this.#roster.restore(resumed ? this.state.agents : [])
    if (this.#roster.size > 0) {
      this.#phase = 'joined'
      this.#agentEverJoined = true
    }
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
    if (this.#survey?.active) return this.#survey.answerText(text)
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
    await this.#survey?.cancel()
    this.#poller.stop()
    this.#presence.stop()
    clearTimeout(this.#transferTimer)
    clearTimeout(this.#lossTimer)
    clearTimeout(this.#refreshRetry)
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
    transport.on('chatEnded', (reason) => void this.#enqueue(() => this.#flexEnded(reason)))
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
    if (isTranscript(message) || isPresenceNotice(message) || !this.#isAgent(message.author) || this.#phase === 'ended') {
      this.#persist()
      return
    }
    await this.#roster.typingEnded(message.author)
    const { middleware, phrasebook, logger, host } = this.deps
    const items = await agentMessageItems(message, {
      middleware,
      sessionToken: () => this.state.sessionToken,
      phrasebook,
      logger,
      isV7: host.isV7,
    })
    if (items.length > 0) await this.#callbacks.sendItemsToUser(items, message.author)
    this.#persist()
  }

  async #agentJoined(member: ChatMember): Promise<void> {
    if (!this.#isAgent(member.identity) || this.#phase === 'ended') return
    clearTimeout(this.#transferTimer)
    await this.#roster.joined(member, this.#handedOver)
    this.#lastAgent = this.#roster.list().find((agent) => agent.id === member.identity) ?? this.#lastAgent
    this.#handedOver = false
    this.#phase = 'joined'
    this.#agentEverJoined = true
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
    await this.#callbacks.beginTransfer()
    this.#poller.start()
  }

  async #agentRead(identity: string, index: number): Promise<void> {
    if (!this.#roster.has(identity) || this.#lastVisitorIndex < 0) return
    if (index < this.#lastVisitorIndex || this.#acknowledgedIndex >= this.#lastVisitorIndex) return
    this.#acknowledgedIndex = this.#lastVisitorIndex
    await this.#callbacks.agentReadMessages()
  }

  async #flexEnded(reason: EndReason | undefined): Promise<void> {
    if (this.#phase === 'ended') return
    // Flex closed it already: nothing to end there, and no agent to name.
    if (reason === 'no-agent') return this.#giveUp(this.deps.phrasebook.say('lostNoAgent'), false)
    // The end came while the connection was lost, instead of the connection: the transport could not get back
    // to the chat because the service no longer knows it (the sandbox's 4404 after a restart). Not an agent's
    // doing, so not "<agent> ended the chat".
    if (this.#transportDown) return this.#giveUp(this.deps.phrasebook.say('lostRestarted'), true)
    this.#phase = 'ended'
    this.#poller.stop()
    this.#presence.stop()
    clearTimeout(this.#transferTimer)
    // The survey comes first: hosts show nothing the desk sends after `agentEndedChat`.
    if (this.deps.rating && this.#agentEverJoined) await this.#rate()
    await this.#callbacks.agentEndedChat()
  }

  async #rate(): Promise<void> {
    const { host, middleware, phrasebook, logger } = this.deps
    const agent = this.#lastAgent ?? this.#roster.list().at(-1)
    this.#survey = new PostChatSurvey({ host, middleware, sessionToken: this.state.sessionToken, phrasebook, logger, agent })
    await this.#survey.run()
  }

  async #connection(state: ConnectionState): Promise<void> {
    if (this.#closed) return
    if (state === 'denied') return this.#refreshToken()
    if (state === 'disconnected') {
      this.#transportDown = true
      await this.#lost()
    } else if (state === 'connected' && this.#transportDown) {
      this.#transportDown = false
      if (this.#refreshFailing) await this.catchUp()
      else await this.#back()
    }
  }

  /**
   * The connection went down. After an agent joined, the host shows it (`DISCONNECTED`). Before, hosts end the
   * request on `DISCONNECTED` (IBM's contract, Carbon) while Flex keeps it queued: so nothing is shown, and if
   * the connection is not back within `waitingReconnectTimeoutMs` the chat is given up.
   */
  async #lost(): Promise<void> {
    if (this.#closed || this.#phase === 'ended') return
    if (this.#agentEverJoined) {
      if (this.#reportedDisconnected) return
      this.#reportedDisconnected = true
      await this.#callbacks.setDisconnected(true)
      return
    }
    this.#lossTimer ??= setTimeout(
      () => void this.#enqueue(() => this.#giveUp(this.deps.phrasebook.say('lostWaiting'), true)),
      this.deps.waitingReconnectTimeoutMs,
    )
  }

  /** Transport connected and token renewed again: whatever was shown is over, and missed messages come. */
  async #back(): Promise<void> {
    clearTimeout(this.#lossTimer)
    this.#lossTimer = undefined
    if (this.#reportedDisconnected) {
      this.#reportedDisconnected = false
      await this.#callbacks.setDisconnected(false)
    }
    await this.catchUp()
  }

  /**
   * `/auth/refresh`, then `updateToken`; one refresh at a time. A refresh that failed counts as a lost
   * connection and is tried again with backoff; one the middleware refuses (401: it restarted with a new
   * secret, or the session expired) ends the chat, as nothing can renew it any more.
   */
  #refreshToken(): Promise<void> {
    clearTimeout(this.#refreshRetry)
    this.#refreshing ??= (async () => {
      try {
        const { token } = await this.deps.middleware.refresh(this.state.sessionToken)
        this.#refreshFailures = 0
        if (this.#closed) return
        await this.deps.transport.updateToken(token)
        if (this.#refreshFailing) {
          this.#refreshFailing = false
          if (!this.#transportDown) await this.#back()
        }
      } catch (error) {
        this.deps.logger.error('Refreshing the Twilio token failed', error)
        if (this.#closed || this.#phase === 'ended') return
        if (error instanceof MiddlewareError && error.isUnauthorized) {
          const sentence = sessionExpired(this.state) ? this.deps.phrasebook.say('lostExpired') : this.deps.phrasebook.say('lostRestarted')
          await this.#enqueue(() => this.#giveUp(sentence, true))
          return
        }
        this.#refreshFailing = true
        await this.#lost()
        const delay = REFRESH_RETRY_MS[Math.min(this.#refreshFailures, REFRESH_RETRY_MS.length - 1)]
        this.#refreshFailures += 1
        this.#refreshRetry = setTimeout(() => void this.#refreshToken(), delay)
      } finally {
        this.#refreshing = undefined
      }
    })()
    return this.#refreshing
  }

  /**
   * The chat cannot go on: the desk forgets it (and ends it on Flex with `endOnFlex`), the visitor reads
   * `sentence` and can ask for an agent again at once, and everything stops. Before any agent joined, that is
   * a connecting error (the hosts then treat the request as over); after, `ChatCallbacks.chatLost`.
   */
  async #giveUp(sentence: string, endOnFlex: boolean): Promise<void> {
    if (this.#closed || this.#phase === 'ended') return
    this.#phase = 'ended'
    this.#poller.stop()
    clearTimeout(this.#transferTimer)
    clearTimeout(this.#lossTimer)
    clearTimeout(this.#refreshRetry)
    this.deps.logger.warn(`Giving up the chat: ${sentence}`)
    this.deps.gaveUp(endOnFlex)
    if (this.#agentEverJoined) await this.#callbacks.chatLost(sentence)
    else await this.deps.host.setConnectingError(sentence)
    await this.close(false)
  }

  async #pollQueue(): Promise<void> {
    try {
      const reply = await this.deps.middleware.availability(this.state.topic, this.state.sessionToken)
      if (this.#phase !== 'waiting' || this.#closed) return
      const queue: QueueInfo = {
        ...(reply.positionInQueue !== undefined && { positionInQueue: reply.positionInQueue }),
        ...(reply.estimatedWaitSeconds !== undefined && { estimatedWaitSeconds: reply.estimatedWaitSeconds }),
      }
      if (Object.keys(queue).length > 0) await this.#callbacks.updateAgentAvailability(queue)
    } catch (error) {
      this.deps.logger.debug('Polling the queue position failed', error)
    }
  }

  #persist(): void {
    if (this.#closed) return
    this.deps.host.persist({ ...this.state, agents: this.#roster.list() })
  }
}
