/**
 * How a `SandboxClient` is set up: the options an integrator passes (socket class, timeouts, backoff,
 * schedule, pacing), what the protocol's owner decides (handshake, what each close means, requests while
 * down, which requests keep their order), and what the client tells its owner.
 */
import type { PacingOptions } from '../transports/send-queue.js'
import type { BackoffBounds } from './backoff.js'
import type { SandboxRefused } from './errors.js'
import type { SandboxCall, SandboxEvent, SandboxProtocol } from './protocol.js'
import type { SocketConstructor } from './request-socket.js'
import type { Schedule } from './schedule.js'

/**
 * `rate`, `retry`, `now` and `random` pace what the client sends (default: under the hub's limit,
 * `SANDBOX_SEND_RATE`) and space out the retries of `rate-limited` refusals; `schedule` starts those waits too.
 */
export interface SandboxClientOptions extends PacingOptions {
  /** The `WebSocket` class. Default: the browser's. Node has none before v22: tests pass the `ws` package's. */
  WebSocket?: SocketConstructor
  /** Longest wait for the socket to open and for each answer, including a reconnection meanwhile. */
  requestTimeoutMs?: number
  /** Waits between reconnection attempts (default 0.5 s doubling to 10 s, with jitter). */
  backoff?: BackoffBounds
  /** Starts each wait (before a reconnection attempt, for a send's turn, before a retry; default `setTimeout`); see {@link Schedule}. */
  schedule?: Schedule
}

/** What a close means: open another socket, wait for `renew()` (a new credential), or stop for good. */
export type CloseVerdict = 'retry' | 'renew' | 'stop'

/** Why a socket ended: its close code (if one came), the refused handshake (if it was), and whether any handshake ever succeeded. */
export interface SocketEnd {
  code: number | undefined
  refused: SandboxRefused | undefined
  everReady: boolean
}

/** How the client speaks one socket's protocol. */
export interface SandboxClientConfig<P extends SandboxProtocol, H extends SandboxCall<P>> {
  protocol: P
  /** The first frame of every socket, built anew for each (so it carries the newest token). */
  handshake(): H
  /** What a socket's end means; asked after every drop and failed attempt, never for `open()`'s. */
  verdict(end: SocketEnd): CloseVerdict
  /**
   * Requests made while the socket is down: `wait` for the next one until the request's deadline, and send
   * again a request whose socket dropped before the answer (only for protocols whose requests are all safe
   * to repeat); or `reject` them at once.
   */
  whileDown: 'wait' | 'reject'
  /**
   * Request types that go out one at a time, in the order they were made (`send`): a `rate-limited` refusal
   * is sent again before the next one goes, so a retry never lands after a later message. Others only wait
   * for the pace.
   */
  inOrder?: readonly string[]
  /** The end of "Failed to …: the chat sandbox is not connected." for this client's users. */
  notConnectedAdvice: string
}

/** What the client tells its owner. */
export interface SandboxClientHandlers<P extends SandboxProtocol, Ready> {
  /** Every event that passed the protocol's schema. */
  event?(event: SandboxEvent<P>): void
  /** A socket that had shaken hands dropped; reconnecting (or, with `renew`, waiting for `renew()`). */
  disconnected?(): void
  /** The verdict was `renew`: nothing reconnects until `renew()`. */
  renewalNeeded?(): void
  /** A handshake succeeded on a socket the client opened itself (after a drop, or `start()`'s). */
  ready?(ready: Ready): void
  /** The verdict was `stop`: nothing reconnects, requests reject. `error` is what ended the last socket. */
  stopped?(end: SocketEnd, error: Error): void
}
