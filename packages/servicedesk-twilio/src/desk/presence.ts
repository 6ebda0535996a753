import { PRESENCE_NOTICE_KIND } from '@flex-escalate/api/transcript'
import type { Logger } from '../logger.js'
import type { MiddlewareClient } from '../middleware/middleware-client.js'
import { MiddlewareError } from '../middleware/middleware-error.js'
import type { ChatMessage } from '../transports/chat-transport.js'
import { type PersistedChat, waitingChat } from './persisted-state.js'

/** Until the middleware says otherwise (its reply's `heartbeatSeconds`), the heartbeat's period. */
export const DEFAULT_HEARTBEAT_MS = 30_000
const MIN_HEARTBEAT_MS = 1_000
const MAX_HEARTBEAT_MS = 300_000
/** A heartbeat that takes longer than this has failed. */
const HEARTBEAT_TIMEOUT_MS = 10_000
/**
 * After a failed heartbeat the next comes this soon, doubling while they keep failing, up to the period: a
 * reload's new page has only the middleware's grace (20 s by default) to be heard, and a page not heard for
 * the timeout (90 s) has left, so beats lost in a short outage are made up soon after it; a long outage
 * costs each page one request per period, as usual.
 */
export const HEARTBEAT_RETRY_MS = 5_000

/** Where the page's lifecycle events fire and how a beacon is sent: the browser's, or a test's. */
export interface PresenceEnvironment {
  /** `pagehide`, `pageshow` and `online` fire here (the window). Absent outside a browser. */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | undefined
  /** `navigator.sendBeacon`. Absent: the beacon goes as a `keepalive` fetch. */
  sendBeacon?: ((url: string, data: string) => boolean) | undefined
  /** Runs `callback` after `ms`; returns what cancels it. Default: `setTimeout`. */
  schedule?: ((callback: () => void, ms: number) => () => void) | undefined
}

/** The page this script runs in, if any: its window and its `navigator.sendBeacon`. */
export function browserEnvironment(): PresenceEnvironment {
  const scope = globalThis as {
    window?: Partial<EventTarget>
    navigator?: { sendBeacon?: (url: string, data?: BodyInit | null) => boolean }
  }
  const events = typeof scope.window?.addEventListener === 'function' ? (scope.window as EventTarget) : undefined
  const navigator = scope.navigator
  const send = navigator?.sendBeacon
  return { events, sendBeacon: typeof send === 'function' ? (url, data) => send.call(navigator, url, data) : undefined }
}

/** The middleware's notice to the agent that the visitor left or came back: never shown to the visitor. */
export function isPresenceNotice(message: ChatMessage): boolean {
  return message.attributes.kind === PRESENCE_NOTICE_KIND
}

/**
 * Tells the middleware that the visitor is still on the page, so that a visitor who leaves is noticed
 * (`POST /chats/presence`): a heartbeat now and then every `heartbeatSeconds` the middleware answers, from
 * the chat's start (waiting and with an agent alike) until it ends; a `leaving` beacon on `pagehide` (tab
 * closed, navigated away, reloaded: the middleware tells a reload from a departure by the new page's first
 * heartbeat within its grace); and a heartbeat at once when the page comes back from the back-forward cache
 * (`pageshow` with `persisted`) or the network comes back (`online`). Each page picks a random id, so the
 * middleware knows a reload's new page from the old one.
 *
 * An older middleware without the route (404), or a session it refuses (401), stops the heartbeat.
 *
 * @example
 * const presence = new PresenceHeartbeat(middleware, sessionToken, logger)
 * presence.start()
 * presence.stop()
 */
export class PresenceHeartbeat {
  /** This page's id: 32 hex characters from the browser's random source (no personal data). */
  readonly page = randomPageId()
  readonly #environment: PresenceEnvironment
  #running = false
  #cancel: (() => void) | undefined
  #beating = false
  #periodMs = DEFAULT_HEARTBEAT_MS
  /** Heartbeats failed in a row. */
  #failures = 0

  constructor(
    private readonly middleware: MiddlewareClient,
    private readonly sessionToken: string,
    private readonly logger: Logger,
    environment: PresenceEnvironment = browserEnvironment(),
  ) {
    this.#environment = environment
  }

  get running(): boolean {
    return this.#running
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    const { events } = this.#environment
    events?.addEventListener('pagehide', this.#pageHidden)
    events?.addEventListener('pageshow', this.#pageShown)
    events?.addEventListener('online', this.#online)
    void this.#beat()
  }

  stop(): void {
    if (!this.#running) return
    this.#running = false
    this.#cancel?.()
    this.#cancel = undefined
    const { events } = this.#environment
    events?.removeEventListener('pagehide', this.#pageHidden)
    events?.removeEventListener('pageshow', this.#pageShown)
    events?.removeEventListener('online', this.#online)
  }

  /** Stops, saying `leaving` as a closed page would: the middleware then treats the silence as a departure. */
  leave(): void {
    if (!this.#running) return
    this.stop()
    this.middleware.leavingBeacon(this.sessionToken, this.page, this.#environment.sendBeacon)
  }

  readonly #pageHidden = () => {
    if (this.#running) this.middleware.leavingBeacon(this.sessionToken, this.page, this.#environment.sendBeacon)
  }

  readonly #pageShown = (event: Event) => {
    if ((event as Event & { persisted?: boolean }).persisted) void this.#beat()
  }

  readonly #online = () => void this.#beat()

  async #beat(): Promise<void> {
    // One at a time: a beat asked for while one is on its way is that one.
    if (!this.#running || this.#beating) return
    this.#beating = true
    this.#cancel?.()
    this.#cancel = undefined
    try {
      const { heartbeatSeconds } = await this.middleware.presence(this.sessionToken, this.page, HEARTBEAT_TIMEOUT_MS)
      this.#periodMs = Math.min(MAX_HEARTBEAT_MS, Math.max(MIN_HEARTBEAT_MS, heartbeatSeconds * 1000))
      this.#failures = 0
    } catch (error) {
      if (error instanceof MiddlewareError && (error.status === 404 || error.status === 401)) {
        this.logger.debug('The middleware does not take presence heartbeats for this chat; they stop', error)
        this.stop()
        return
      }
      this.#failures++
      this.logger.debug('A presence heartbeat failed; the next one comes sooner', error)
    } finally {
      this.#beating = false
    }
    const delay = this.#failures === 0 ? this.#periodMs : Math.min(this.#periodMs, HEARTBEAT_RETRY_MS * 2 ** (this.#failures - 1))
    if (this.#running) this.#cancel = this.#schedule(() => void this.#beat(), delay)
  }

  #schedule(callback: () => void, ms: number): () => void {
    return schedule(this.#environment, callback, ms)
  }
}

/** How long a chat that was waiting for an agent when the page reloaded is kept for the visitor to ask again. */
export const HELD_CHAT_MS = 120_000

/**
 * A chat that was waiting for an agent when the page reloaded. Hosts resume only a chat an agent had joined
 * (they call `reconnect()` only then), so the reloaded page shows the "connect to agent" card again and the
 * waiting chat is no longer on screen. A reload is not a departure, though: the desk keeps the chat's
 * presence heartbeat going for `holdMs`, and the visitor's next request for an agent takes this chat back,
 * with its place in the queue, instead of opening a new one. When the visitor does not ask again in that
 * time, the heartbeat says `leaving`, the middleware acts as for any departure, and `expired` runs.
 *
 * @example
 * const held = HeldChat.hold(host.readPersisted(parameters.persistedState), middleware, logger, () => host.persist(null))
 * const saved = held?.take() // in startChat: resume this chat rather than POST /auth
 */
export class HeldChat {
  readonly #heartbeat: PresenceHeartbeat
  #cancel: (() => void) | undefined
  #held = true

  private constructor(
    readonly chat: PersistedChat,
    middleware: MiddlewareClient,
    logger: Logger,
    expired: () => void,
    environment: PresenceEnvironment,
    holdMs: number,
  ) {
    this.#heartbeat = new PresenceHeartbeat(middleware, chat.sessionToken, logger, environment)
    this.#heartbeat.start()
    this.#cancel = schedule(
      environment,
      () => {
        if (!this.#held) return
        this.#held = false
        logger.info('The visitor did not ask for an agent again after the reload: the waiting chat is let go')
        this.#heartbeat.leave()
        expired()
      },
      holdMs,
    )
  }

  /** Holds the persisted chat if it was waiting for an agent (none joined) and its session is still valid. */
  static hold(
    persisted: unknown,
    middleware: MiddlewareClient,
    logger: Logger,
    expired: () => void,
    options: { environment?: PresenceEnvironment; holdMs?: number } = {},
  ): HeldChat | undefined {
    const saved = waitingChat(persisted)
    if (!saved) return undefined
    return new HeldChat(saved, middleware, logger, expired, options.environment ?? browserEnvironment(), options.holdMs ?? HELD_CHAT_MS)
  }

  /** The chat, for the desk to resume it; undefined once the hold ran out. Ends the hold either way. */
  take(): PersistedChat | undefined {
    const held = this.#held
    this.release()
    return held ? this.chat : undefined
  }

  /** Ends the hold without a word to the middleware (the desk resumes the chat some other way). */
  release(): void {
    this.#held = false
    this.#cancel?.()
    this.#cancel = undefined
    this.#heartbeat.stop()
  }
}

function schedule(environment: PresenceEnvironment, callback: () => void, ms: number): () => void {
  if (environment.schedule) return environment.schedule(callback, ms)
  const timer = setTimeout(callback, ms)
  return () => clearTimeout(timer)
}

function randomPageId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
