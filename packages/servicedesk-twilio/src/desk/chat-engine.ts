import { authBodyFor } from '../host/auth-body.js'
import { topicOf } from '../host/connect-message.js'
import type { HostCallbacks } from '../host/host-callbacks.js'
import type { HostMessageResponse, HostStartChatOptions } from '../host/host-types.js'
import { MiddlewareError } from '../middleware/middleware-error.js'
import type { ResolvedOptions } from '../options.js'
import { withTimeout } from '../sandbox-client/with-timeout.js'
import { closedSentenceOf } from './closed-notice.js'
import type { FlexEnder } from './flex-ender.js'
import { LiveChat } from './live-chat.js'
import { type PersistedChat, parsePersistedChat, sessionExpired } from './persisted-state.js'
import { HeldChat } from './presence.js'
import type { ServiceDeskDeps } from './service-desk.js'
import { startFailed } from './start-failure.js'

/** Longest wait for the chat SDK to connect and open the chat. */
export const CONNECT_TIMEOUT_MS = 30_000

/** What the desk shares with its engine: the engine keeps no state of the host's or the options' own. */
export interface ChatEngineContext {
  host: HostCallbacks
  options: ResolvedOptions
  deps: ServiceDeskDeps
  /** The desk's: it also ends chats when this module could not be loaded (see `TwilioFlexServiceDesk`). */
  ender: FlexEnder
  /** What the host kept across the reload (the factory's `persistedState`, or the host's `persistedState()`). */
  persisted(): unknown
}

/**
 * Everything the desk does once a chat is asked for, resumed or held: `/auth`, opening a chat over its
 * transport, resuming one after a reload, holding a waiting one, and ending on Flex those the visitor lost.
 * It is a module of its own so that the desk reaches it through `import()`, like the transports: a page that
 * never escalates downloads none of it (nor the live chat, the presence heartbeat and the rest it imports).
 * One engine serves one desk, one chat after another.
 *
 * @example
 * const { ChatEngine } = await import('./chat-engine.js')
 * const engine = new ChatEngine(context)
 * await engine.startChat(connectMessage)
 */
export class ChatEngine {
  #chat: LiveChat | undefined
  /** A chat that was waiting for an agent when the page reloaded, kept for the visitor to ask again (presence.ts). */
  #held: HeldChat | undefined

  constructor(private readonly context: ChatEngineContext) {}

  /** The running chat, if any (it may have ended on Flex meanwhile: see `LiveChat.ended`). */
  get chat(): LiveChat | undefined {
    return this.#chat
  }

  /** Hands the running chat over to the caller (the desk's `endChat`) and forgets it. */
  takeChat(): LiveChat | undefined {
    const chat = this.#chat
    this.#chat = undefined
    return chat
  }

  /** Holds the persisted chat if it was waiting for an agent (see {@link HeldChat}). */
  hold(persisted: unknown): void {
    const { host, deps, options } = this.context
    this.#held = HeldChat.hold(persisted, deps.middleware, options.logger, () => host.persist(null))
  }

  /** The desk's `startChat`: opens a Flex chat for the `connect_to_agent` item of `connectMessage`. */
  async startChat(connectMessage: HostMessageResponse, startChatOptions?: HostStartChatOptions): Promise<void> {
    const { host, options, deps, ender } = this.context
    const previous = this.#chat
    this.#chat = undefined
    if (previous) await this.#discard(previous, 'a new chat replaced it')
    host.reopen()
    // Asking again after a reload takes the waiting chat back, with its place in the queue.
    const held = this.#held?.take()
    this.#held = undefined
    if (held && (await this.#resumeHeld(held))) return
    let opened: string | undefined
    try {
      const visitorToken = await options.getVisitorToken()
      const topic = topicOf(connectMessage)
      const reply = await deps.middleware.auth(authBodyFor(connectMessage, startChatOptions, options.locale), visitorToken)
      opened = reply.sessionToken
      const state: PersistedChat = {
        version: 1,
        transport: reply.transport,
        chatSid: reply.chatSid,
        identity: reply.identity,
        sessionToken: reply.sessionToken,
        sessionExpiresAt: reply.sessionExpiresAt,
        ...(topic && { topic }),
        ...(reply.sandboxUrl && { sandboxUrl: reply.sandboxUrl }),
        lastIndex: -1,
        agents: [],
      }
      await this.#open(state, reply.token, false)
    } catch (error) {
      // `/auth` queued a Flex chat the visitor is now told failed: end it, without delaying what they see.
      if (opened) void ender.end(opened, 'opening the chat failed')
      // Outside opening hours the middleware refused before opening anything: the visitor reads when it opens.
      await startFailed(
        host,
        options.logger,
        options.phrasebook,
        error,
        closedSentenceOf(error, options.phrasebook, deps.now?.() ?? new Date()),
      )
    }
  }

  /** The desk's `reconnect`: resumes the persisted chat; `false` if it ended or the session expired. */
  async reconnect(): Promise<boolean> {
    const { host, options, deps, ender } = this.context
    this.#held?.release()
    this.#held = undefined
    const saved = parsePersistedChat(this.context.persisted())
    if (!saved) return false
    if (sessionExpired(saved)) {
      host.persist(null)
      return false
    }
    // Whether Flex has ended the chat, or refuses the session: then there is nothing to end on Flex.
    let over = false
    try {
      const { token } = await deps.middleware.refresh(saved.sessionToken)
      const chat = await this.#open({ ...saved, agents: [...saved.agents] }, token, true)
      if (!chat.ended) return true
      over = true
    } catch (error) {
      options.logger.warn('Resuming the chat failed', error)
      over = error instanceof MiddlewareError && error.isUnauthorized
    }
    await this.#chat?.close(false)
    this.#chat = undefined
    host.persist(null)
    // The host now shows the chat as ended: an agent must not be left with it.
    if (!over) void ender.end(saved.sessionToken, 'resuming the chat failed')
    return false
  }

  async #open(state: PersistedChat, token: string, resumed: boolean): Promise<LiveChat> {
    const { host, options, deps } = this.context
    const load = deps.transports[state.transport]
    if (!load) throw new Error(`The middleware chose the transport "${state.transport}", which this version does not know`)
    const transport = await load()
    const chat = new LiveChat(state, {
      host,
      middleware: deps.middleware,
      transport,
      logger: options.logger,
      phrasebook: options.phrasebook,
      availabilityPollMs: options.availabilityPollMs,
      waitingReconnectTimeoutMs: options.waitingReconnectTimeoutMs,
      rating: options.rating,
      gaveUp: (endOnFlex) => this.#gaveUp(chat, endOnFlex),
    })
    this.#chat = chat
    try {
      const { chatSid, identity, sandboxUrl } = state
      const snapshot = await withTimeout(
        transport.connect({ token, chatSid, identity, ...(sandboxUrl && { sandboxUrl }) }),
        CONNECT_TIMEOUT_MS,
        () => {
          throw new Error(`Connecting to the chat took longer than ${CONNECT_TIMEOUT_MS} ms`)
        },
      )
      await chat.begin(snapshot, resumed)
      return chat
    } catch (error) {
      this.#chat = undefined
      await chat.close(false)
      throw error
    }
  }

  /** Opens the held chat again (see {@link HeldChat}); false when it ended meanwhile or cannot be opened. */
  async #resumeHeld(saved: PersistedChat): Promise<boolean> {
    const { options, deps, ender } = this.context
    try {
      const { token } = await deps.middleware.refresh(saved.sessionToken)
      if (!(await this.#open({ ...saved, agents: [] }, token, true)).ended) return true
    } catch (error) {
      options.logger.warn('Resuming the waiting chat failed; opening a new one', error)
      void ender.end(saved.sessionToken, 'resuming the waiting chat failed')
    }
    await this.#chat?.close(false)
    this.#chat = undefined
    return false
  }

  /** Stops a chat the visitor no longer has and, unless Flex ended it already, ends it on Flex. */
  async #discard(chat: LiveChat, why: string): Promise<void> {
    const open = !chat.ended
    await chat.close(false)
    if (open) void this.context.ender.end(chat.sessionToken, why)
  }

  /** A chat that gave up (see `LiveChatDeps.gaveUp`): forgotten, with nothing kept for a reload. */
  #gaveUp(chat: LiveChat, endOnFlex: boolean): void {
    if (endOnFlex) void this.context.ender.end(chat.sessionToken, 'the chat could not go on')
    if (this.#chat !== chat) return
    this.#chat = undefined
    this.context.host.persist(null)
  }
}
