/**
 * The visitor's connection to the sandbox: one authenticated `SandboxSocket` at a time. When the socket drops
 * it opens another, with backoff and jitter, and authenticates again with the newest token; requests made
 * meanwhile wait for it. What the close code means for the chat (ended, token refused) goes to the owner.
 */
import type { VisitorReady } from '@flex-escalate/api'
import { type BackoffBounds, backoffDelay, DEFAULT_BACKOFF } from './backoff.js'
import { readReady } from './sandbox-frames.js'
import {
  ABNORMAL_CLOSE,
  CloseCode,
  ConnectionLost,
  NoAnswer,
  type SandboxCall,
  type SandboxNotice,
  SandboxSocket,
  type SocketConstructor,
} from './sandbox-socket.js'

/** Longest wait for the socket to open and for each answer, in ms. */
export const REQUEST_TIMEOUT_MS = 15_000
/** How long a refused `authenticate` waits for the close code that says why (4401, 4404). */
const CLOSE_GRACE_MS = 1_000

/** Runs `callback` once after `ms`; the function it returns cancels that. */
export type Schedule = (callback: () => void, ms: number) => () => void

/** `setTimeout`, looked up at each call (so fake timers installed later apply too). */
const scheduleTimeout: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms)
  return () => clearTimeout(timer)
}

export interface SandboxConnectionOptions {
  /** The `WebSocket` class. Default: the browser's. Node has none before v22: tests pass the `ws` package's. */
  WebSocket?: SocketConstructor
  /** Longest wait for the socket to open and for each answer, including a reconnection meanwhile. */
  requestTimeoutMs?: number
  /** Waits between reconnection attempts (default 0.5 s doubling to 10 s, with jitter). */
  backoff?: BackoffBounds
  /**
   * Starts each wait before a reconnection attempt (default: `setTimeout`). Every attempt after the first
   * socket starts from one, so tests pass their own to see which are pending and prove none is.
   */
  schedule?: Schedule
}

/** What the connection tells its owner. */
export interface ConnectionHandlers {
  /** Any frame that is not a `reply`. */
  frame(frame: Record<string, unknown> & { type: string }): void
  /** The socket dropped; reconnecting (or, after `denied`, waiting for a token). */
  disconnected(): void
  /** The server refused the token (4401); `updateToken` reconnects. */
  denied(): void
  /** Authenticated again after a drop. */
  reconnected(ready: VisitorReady): void
  /** The server closed for good: 4404 (the chat is gone) or 1000. Nothing reconnects. */
  closed(code: number): void
}

/**
 * - `ready`: authenticated; requests go out at once. `reconnecting`: requests wait for the next socket.
 * - `denied`: the server refused the token; waiting for `updateToken`.
 * - `closed`: the server closed for good; `stopped`: shut down here.
 */
type State = 'idle' | 'ready' | 'reconnecting' | 'denied' | 'closed' | 'stopped'

interface Waiter {
  resolve(socket: SandboxSocket): void
  reject(error: Error): void
}

/** `promise`'s value, or `undefined` once `ms` have passed. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function notConnected(what: string): Error {
  return new Error(`Failed to ${what}: the chat sandbox is not connected. Please start a new chat.`)
}

const endsForGood = (code: number | undefined): code is number => code === CloseCode.notFound || code === CloseCode.normal

/**
 * A reconnecting, authenticated connection to `/sandbox/visitor`.
 *
 * @example
 * const connection = new SandboxConnection({}, handlers)
 * const ready = await connection.open('ws://127.0.0.1:4000/sandbox/visitor', chatSid, token)
 * await connection.call({ type: 'read' })
 */
export class SandboxConnection {
  readonly #waiters = new Set<Waiter>()
  readonly #timeoutMs: number
  #url = ''
  #chatSid = ''
  /** The newest access token: every (re)authentication uses it. */
  #token = ''
  #socket: SandboxSocket | undefined
  #state: State = 'idle'
  #attempt = 0
  /** Cancels the pending wait before the next reconnection attempt, if one is pending. */
  #cancelRetry: (() => void) | undefined

  constructor(
    private readonly options: SandboxConnectionOptions,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.#timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
  }

  /** The first socket: any failure rejects (the desk reports it), nothing is retried. */
  async open(url: string, chatSid: string, token: string): Promise<VisitorReady> {
    this.#url = url
    this.#chatSid = chatSid
    this.#token = token
    const ready = await this.#authenticate()
    this.#state = 'ready'
    return ready
  }

  /** A request, sent again on the next socket if this one drops first, until the timeout. */
  async call(call: SandboxCall): Promise<unknown> {
    const deadline = Date.now() + this.#timeoutMs
    for (;;) {
      const socket = await this.#whenReady(deadline, call.type)
      try {
        return await socket.request(call, Math.max(1, deadline - Date.now()))
      } catch (error) {
        // A browser cannot ping: a socket that died silently shows as a request without answer. Give it up
        // and reconnect, rather than wait minutes for the browser to notice.
        if (error instanceof NoAnswer && this.#socket === socket) this.#abandon(socket)
        // Every visitor request may be repeated: the sandbox recognises a repeated `send` by its messageId
        // (same index, no second message), and the others are idempotent by nature.
        if (!(error instanceof ConnectionLost) || Date.now() >= deadline) throw error
      }
    }
  }

  /** A frame without answer; a hint of the moment, so dropped (not queued) while the socket is down. */
  notify(notice: SandboxNotice): void {
    if (this.#state === 'ready') this.#socket?.notify(notice)
  }

  async updateToken(token: string): Promise<void> {
    this.#token = token
    // Refused (4401): reconnect with this token. Reconnecting: the next authenticate carries it anyway.
    if (this.#state === 'denied') this.#scheduleReconnect()
    else if (this.#state === 'ready') await this.call({ type: 'updateToken', token })
  }

  /** Closes with 1000 and stops reconnecting; waiting requests reject. */
  async shutdown(): Promise<void> {
    this.#state = 'stopped'
    this.#cancelPendingRetry()
    this.#rejectWaiters(notConnected('finish the request'))
    const socket = this.#socket
    this.#socket = undefined
    socket?.close(CloseCode.normal)
    if (socket) await within(socket.closed, CLOSE_GRACE_MS)
  }

  #stopped(): boolean {
    return this.#state === 'stopped'
  }

  /** Opens a socket and authenticates; on success the socket is the current one and watched for a drop. */
  async #authenticate(): Promise<VisitorReady> {
    const WebSocketImpl = this.options.WebSocket ?? globalThis.WebSocket
    if (typeof WebSocketImpl !== 'function') {
      throw new Error('Failed to open the chat: this environment has no WebSocket. Please pass one as the WebSocket option.')
    }
    if (this.#stopped()) throw notConnected('open the chat')
    const socket = new SandboxSocket(WebSocketImpl, this.#url, (frame) => this.handlers.frame(frame))
    // Current from now on, so that a shutdown while it opens or authenticates closes it.
    this.#socket = socket
    try {
      await socket.opened(this.#timeoutMs)
      const call: SandboxCall = { type: 'authenticate', token: this.#token, chatSid: this.#chatSid }
      const ready = readReady(await socket.request(call, this.#timeoutMs))
      // Checked again: a shutdown may have come while the answer was on its way.
      if (this.#stopped()) throw notConnected('open the chat')
      void socket.closed.then((code) => this.#dropped(socket, code))
      return ready
    } catch (error) {
      if (this.#socket === socket) this.#socket = undefined
      // A refused authenticate is followed by the close code that says why: wait a moment for it.
      const code = this.#stopped() ? undefined : await within(socket.closed, CLOSE_GRACE_MS)
      socket.close(CloseCode.normal)
      throw code === undefined || error instanceof ConnectionLost ? error : new ConnectionLost(code)
    }
  }

  #whenReady(deadline: number, what: string): Promise<SandboxSocket> {
    const socket = this.#socket
    if (this.#state === 'ready' && socket?.isOpen) return Promise.resolve(socket)
    if (this.#state === 'idle' || this.#state === 'closed' || this.#state === 'stopped') {
      return Promise.reject(notConnected(`send "${what}"`))
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.#waiters.delete(waiter)
          reject(new Error(`Failed to send "${what}": the chat sandbox did not reconnect in time. Please check your connection.`))
        },
        Math.max(1, deadline - Date.now()),
      )
      const waiter: Waiter = {
        resolve: (ready) => {
          clearTimeout(timer)
          resolve(ready)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      }
      this.#waiters.add(waiter)
    })
  }

  #rejectWaiters(error: Error): void {
    for (const waiter of this.#waiters) waiter.reject(error)
    this.#waiters.clear()
  }

  /** The current socket closed: stop, wait for a token, or reconnect, as the close code says. */
  #dropped(socket: SandboxSocket, code: number): void {
    if (this.#socket !== socket || this.#stopped()) return
    this.#socket = undefined
    if (endsForGood(code)) {
      this.#closedForGood(code)
      return
    }
    this.handlers.disconnected()
    this.#retry(code)
  }

  /** Treats the socket as dropped now; 4000 tells a server that is merely slow that the client starts over. */
  #abandon(socket: SandboxSocket): void {
    socket.close(CloseCode.restarting)
    this.#dropped(socket, ABNORMAL_CLOSE)
  }

  #retry(code: number | undefined): void {
    if (code !== CloseCode.unauthorized) {
      this.#scheduleReconnect()
      return
    }
    // The desk answers `denied` with /auth/refresh and `updateToken`, which reconnects.
    this.#state = 'denied'
    this.handlers.denied()
  }

  #scheduleReconnect(): void {
    this.#state = 'reconnecting'
    this.#cancelPendingRetry()
    // The attempt count also spaces out repeated refusals of fresh tokens, so a denial loop stays slow.
    const wait = backoffDelay(this.#attempt, this.options.backoff ?? DEFAULT_BACKOFF)
    const schedule = this.options.schedule ?? scheduleTimeout
    this.#cancelRetry = schedule(() => {
      this.#cancelRetry = undefined
      void this.#reconnect()
    }, wait)
    this.#attempt += 1
  }

  #cancelPendingRetry(): void {
    this.#cancelRetry?.()
    this.#cancelRetry = undefined
  }

  async #reconnect(): Promise<void> {
    let ready: VisitorReady
    try {
      ready = await this.#authenticate()
    } catch (error) {
      if (this.#stopped()) return
      const code = error instanceof ConnectionLost ? error.code : undefined
      return endsForGood(code) ? this.#closedForGood(code) : this.#retry(code)
    }
    this.#attempt = 0
    this.#state = 'ready'
    this.handlers.reconnected(ready)
    const socket = this.#socket
    for (const waiter of this.#waiters) if (socket) waiter.resolve(socket)
    this.#waiters.clear()
  }

  #closedForGood(code: number): void {
    this.#state = 'closed'
    this.#rejectWaiters(notConnected('finish the request'))
    this.handlers.closed(code)
  }
}
