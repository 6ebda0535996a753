/**
 * A reconnecting request/reply client for either sandbox socket: one `RequestSocket` at a time, opened with
 * the protocol's handshake (the visitor's `authenticate` with the newest token, the agent's `signIn`). When
 * the socket drops, the close code decides, through the owner's `verdict`: open another with jittered
 * backoff, wait for `renew()` (a new token), or stop for good. Every frame after the handshake is paced
 * under the hub's rate limit by a `SendQueue`, and a request the hub refused as `rate-limited` (not handled)
 * is sent again.
 */
import { ABNORMAL_CLOSE, SANDBOX_FRAME_RATE, SANDBOX_RATE_LIMITED, SandboxCloseCode } from '@flex-escalate/api/limits'
import { SendQueue, type SendRate } from '../transports/send-queue.js'
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js'
import type { SandboxClientConfig, SandboxClientHandlers, SandboxClientOptions, SocketEnd } from './client-config.js'
import { ConnectionLost, NoAnswer, SandboxRefused } from './errors.js'
import type { SandboxCall, SandboxNotice, SandboxProtocol, SandboxResult } from './protocol.js'
import { RequestSocket } from './request-socket.js'
import { scheduleTimeout } from './schedule.js'
import { withTimeout } from './with-timeout.js'

/** Longest wait for the socket to open and for each answer, in ms. */
export const REQUEST_TIMEOUT_MS = 15_000
/** How long a refused handshake waits for the close code that says why (4401, 4404). */
const CLOSE_GRACE_MS = 1_000

/**
 * What a client sends on one socket: the hub's rate, and half its burst. The other half is headroom for
 * what the client does not pace (the handshake) and for frames that bunch up on the way, so that the hub,
 * which counts them as they arrive, never sees more than its limit.
 */
export const SANDBOX_SEND_RATE: SendRate = {
  perSecond: SANDBOX_FRAME_RATE.framesPerSecond,
  burst: SANDBOX_FRAME_RATE.framesBurst / 2,
}

/** A request the hub refused for its rate: not handled, so sending it again cannot repeat anything. */
const isRateLimited = (error: unknown): boolean => error instanceof SandboxRefused && error.code === SANDBOX_RATE_LIMITED

/**
 * - `ready`: shaken hands; requests go out at once. `reconnecting`: requests wait for the next socket.
 * - `renewing`: the verdict was `renew`; waiting for `renew()`.
 * - `stopped`: stopped for good by a verdict; `shutDown`: by `shutdown()`.
 */
export type SandboxClientState = 'idle' | 'ready' | 'reconnecting' | 'renewing' | 'stopped' | 'shutDown'

interface Waiter<S> {
  resolve(socket: S): void
  reject(error: Error): void
}

/**
 * A reconnecting client for a sandbox socket.
 *
 * @example
 * const config = {
 *   protocol: VisitorProtocol,
 *   handshake: () => ({ type: 'authenticate', token, chatSid }) as const,
 *   verdict: ({ code }) => (code === 4404 ? 'stop' : 'retry'),
 *   whileDown: 'wait',
 *   notConnectedAdvice: 'Please start a new chat.',
 * } as const
 * const client = new SandboxClient(config, {}, { event: (event) => console.log(event.type) })
 * const ready = await client.open('ws://127.0.0.1:4000/sandbox/visitor')
 * await client.request({ type: 'read' })
 */
export class SandboxClient<P extends SandboxProtocol, H extends SandboxCall<P>> {
  readonly #waiters = new Set<Waiter<RequestSocket<P>>>()
  readonly #timeoutMs: number
  readonly #sends: SendQueue
  #url = ''
  #socket: RequestSocket<P> | undefined
  #state: SandboxClientState = 'idle'
  #everReady = false
  #attempt = 0
  /** Cancels the pending wait before the next reconnection attempt, if one is pending. */
  #cancelRetry: (() => void) | undefined

  constructor(
    private readonly config: SandboxClientConfig<P, H>,
    private readonly options: SandboxClientOptions,
    private readonly handlers: SandboxClientHandlers<P, SandboxResult<P, H['type']>>,
  ) {
    this.#timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
    this.#sends = new SendQueue({ ...options, rate: options.rate ?? SANDBOX_SEND_RATE, isRateLimited })
  }

  get state(): SandboxClientState {
    return this.#state
  }

  /** The first socket, for a caller that reports failure itself: any failure rejects, nothing is retried. */
  async open(url: string): Promise<SandboxResult<P, H['type']>> {
    this.#url = url
    const ready = await this.#shakeHands()
    this.#ready()
    return ready
  }

  /** The first socket as any later one: failures go to the verdict, success to `ready`. */
  start(url: string): void {
    this.#url = url
    this.#state = 'reconnecting'
    void this.#reconnect()
  }

  /**
   * A request, paced under the hub's limit (`inOrder` types one at a time, in order) and sent again when
   * refused as `rate-limited`. While the socket is down it waits or rejects, as `whileDown` says, until the
   * timeout counted from now; the answer has the timeout from when the request went out. So a request that
   * waited its turn in a burst still goes out, and one made while the sandbox is gone fails in time.
   */
  request<C extends SandboxCall<P>>(call: C): Promise<SandboxResult<P, C['type']>> {
    const deadline = Date.now() + this.#timeoutMs
    const ordered = this.config.inOrder?.includes(call.type) ?? false
    return this.#sends.send(() => this.#send(call, deadline), { ordered })
  }

  /** A frame without answer; a hint of the moment, so dropped (not queued) while the socket is down or over the pace. */
  notify(notice: SandboxNotice<P>): void {
    if (this.#state === 'ready' && this.#sends.tryTake()) this.#socket?.notify(notice)
  }

  async #send<C extends SandboxCall<P>>(call: C, deadline: number): Promise<SandboxResult<P, C['type']>> {
    for (;;) {
      const socket = await this.#whenReady(deadline, call.type)
      try {
        return await socket.request(call, this.#timeoutMs)
      } catch (error) {
        // A browser cannot ping: a socket that died silently shows as a request without answer. Give it up
        // and reconnect, rather than wait minutes for the browser to notice.
        if (error instanceof NoAnswer && this.#socket === socket) this.#abandon(socket)
        if (!(error instanceof ConnectionLost) || this.config.whileDown === 'reject' || Date.now() >= deadline) throw error
      }
    }
  }

  /** After a `renew` verdict: tries again (the handshake takes the new credential). Otherwise does nothing. */
  renew(): void {
    if (this.#state === 'renewing') this.#scheduleReconnect()
  }

  /** Closes with 1000 and stops reconnecting; waiting requests reject. */
  async shutdown(): Promise<void> {
    this.#state = 'shutDown'
    this.#cancelPendingRetry()
    this.#sends.close(this.#notConnected('finish the request'))
    this.#rejectWaiters(this.#notConnected('finish the request'))
    const socket = this.#socket
    this.#socket = undefined
    socket?.close(SandboxCloseCode.normal)
    if (socket) await withTimeout(socket.closed, CLOSE_GRACE_MS, () => undefined)
  }

  /** A method, not an inline comparison: the state changes across the `await`s where it is asked. */
  #isShutDown(): boolean {
    return this.#state === 'shutDown'
  }

  #notConnected(what: string): Error {
    return new Error(`Failed to ${what}: the chat sandbox is not connected. ${this.config.notConnectedAdvice}`)
  }

  /** Opens a socket and shakes hands; on success the socket is the current one and watched for a drop. */
  async #shakeHands(): Promise<SandboxResult<P, H['type']>> {
    const WebSocketImpl = this.options.WebSocket ?? globalThis.WebSocket
    if (typeof WebSocketImpl !== 'function') {
      throw new Error('Failed to open the chat: this environment has no WebSocket. Please pass one as the WebSocket option.')
    }
    if (this.#isShutDown()) throw this.#notConnected('open the chat')
    const socket = new RequestSocket(WebSocketImpl, this.#url, this.config.protocol, (event) => this.handlers.event?.(event))
    // Current from now on, so that a shutdown while it opens or shakes hands closes it.
    this.#socket = socket
    try {
      await socket.opened(this.#timeoutMs)
      const ready = await socket.request(this.config.handshake(), this.#timeoutMs)
      // Checked again: a shutdown may have come while the answer was on its way.
      if (this.#isShutDown()) throw this.#notConnected('open the chat')
      void socket.closed.then((code) => this.#dropped(socket, code))
      return ready
    } catch (error) {
      if (this.#socket === socket) this.#socket = undefined
      // A refused handshake is followed by the close code that says why: wait a moment for it.
      const code = this.#isShutDown() ? undefined : await withTimeout(socket.closed, CLOSE_GRACE_MS, () => undefined)
      socket.close(SandboxCloseCode.normal)
      // The close code is what the verdict reads; the refusal stays as its cause.
      throw code === undefined || error instanceof ConnectionLost ? error : new ConnectionLost(code, '', { cause: error })
    }
  }

  #ready(): void {
    this.#attempt = 0
    this.#everReady = true
    this.#state = 'ready'
  }

  #whenReady(deadline: number, what: string): Promise<RequestSocket<P>> {
    const socket = this.#socket
    if (this.#state === 'ready' && socket?.isOpen) return Promise.resolve(socket)
    if (this.config.whileDown === 'reject' || this.#state === 'idle' || this.#state === 'stopped' || this.#state === 'shutDown') {
      return Promise.reject(this.#notConnected(`send "${what}"`))
    }
    let waiter: Waiter<RequestSocket<P>> | undefined
    const next = new Promise<RequestSocket<P>>((resolve, reject) => {
      waiter = { resolve, reject }
      this.#waiters.add(waiter)
    })
    return withTimeout(next, Math.max(1, deadline - Date.now()), () => {
      if (waiter) this.#waiters.delete(waiter)
      throw new Error(`Failed to send "${what}": the chat sandbox did not reconnect in time. Please check your connection.`)
    })
  }

  #rejectWaiters(error: Error): void {
    for (const waiter of this.#waiters) waiter.reject(error)
    this.#waiters.clear()
  }

  /** The current socket closed: the verdict on its close code decides what follows. */
  #dropped(socket: RequestSocket<P>, code: number): void {
    if (this.#socket !== socket || this.#isShutDown()) return
    this.#socket = undefined
    const end: SocketEnd = { code, refused: undefined, everReady: this.#everReady }
    const verdict = this.config.verdict(end)
    if (verdict === 'stop') {
      this.#stop(end, new ConnectionLost(code))
      return
    }
    this.handlers.disconnected?.()
    this.#follow(verdict)
  }

  /** Treats the socket as dropped now; 4000 tells a server that is merely slow that the client starts over. */
  #abandon(socket: RequestSocket<P>): void {
    socket.close(SandboxCloseCode.restarting)
    this.#dropped(socket, ABNORMAL_CLOSE)
  }

  #follow(verdict: 'retry' | 'renew'): void {
    if (verdict === 'retry') {
      this.#scheduleReconnect()
      return
    }
    // The owner answers with a new credential and `renew()`, which reconnects.
    this.#state = 'renewing'
    this.handlers.renewalNeeded?.()
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
    let ready: SandboxResult<P, H['type']>
    try {
      ready = await this.#shakeHands()
    } catch (error) {
      if (this.#isShutDown()) return
      const end: SocketEnd = {
        code: error instanceof ConnectionLost ? error.code : undefined,
        refused: refusalIn(error),
        everReady: this.#everReady,
      }
      const verdict = this.config.verdict(end)
      if (verdict === 'stop') this.#stop(end, error instanceof Error ? error : new Error(String(error)))
      else this.#follow(verdict)
      return
    }
    this.#ready()
    this.handlers.ready?.(ready)
    const socket = this.#socket
    for (const waiter of this.#waiters) if (socket) waiter.resolve(socket)
    this.#waiters.clear()
  }

  #stop(end: SocketEnd, error: Error): void {
    this.#state = 'stopped'
    this.#rejectWaiters(this.#notConnected('finish the request'))
    this.handlers.stopped?.(end, error)
  }
}

/** The refusal behind a failed handshake: the error itself, or the one a close code then wrapped. */
function refusalIn(error: unknown): SandboxRefused | undefined {
  const cause = error instanceof ConnectionLost ? error.cause : error
  return cause instanceof SandboxRefused ? cause : undefined
}
