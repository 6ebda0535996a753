import { SANDBOX_FRAME_RATE } from '@flex-escalate/api/limits'

/**
 * Every bound of the WebSocket hub in one place, so that a misbehaving (or malicious) client can cost a
 * known amount of memory and CPU and no more. Tests shorten the timers.
 */
export interface HubLimits {
  /** Largest frame, in bytes (the plugin's `maxPayload`): a ~1 MB file as a data URL, plus the frame around it. */
  maxPayloadBytes: number
  /** Sockets open at once, visitors and agents together. */
  maxSockets: number
  /** Visitor sockets on one chat (tabs, reloads in flight). */
  maxSocketsPerChat: number
  /** Distinct agent names that may sign in (workers are never forgotten while the sandbox runs). */
  maxAgents: number
  /**
   * Frames a socket may send per second on average, and in one burst; a request over them is answered
   * `rate-limited` and not handled. Default: the protocol's `SANDBOX_FRAME_RATE`, which clients pace under.
   */
  framesPerSecond: number
  framesBurst: number
  /** Bad frames (malformed, invalid, over the rate) a socket may send, net of good ones, before it is closed with 4400. */
  maxStrikes: number
  /** How long a new socket has to authenticate or sign in. */
  signInTimeoutMs: number
  /** How long an agent with no console open stays signed in (a page reload keeps the agent). */
  agentGraceMs: number
  /** How long before the access token expires the visitor gets `tokenAboutToExpire`. */
  tokenWarningSeconds: number
  /** Changes within this window reach an agent as one `state` frame. */
  stateDebounceMs: number
  /** Bytes queued for a socket that does not read before it is dropped (it reconnects and catches up). */
  maxBufferedBytes: number
  /** File bytes (data URLs) one chat may hold; files are kept in memory in the sandbox. */
  mediaBytesPerChat: number
  /** Newest messages of each chat sent in an agent's state. */
  stateMessagesPerChat: number
  /** Largest `history` reply, in bytes of message bodies and files; the client asks again from its newest index. */
  historyBytes: number
  /**
   * Interval of the server's pings. Browsers cannot ping, so the server does: a socket that has not answered
   * the previous ping by the next one is cut, so dead connections do not hold a chat's socket slots.
   */
  heartbeatMs: number
}

export const DEFAULT_HUB_LIMITS: HubLimits = {
  maxPayloadBytes: 1_500_000,
  maxSockets: 1000,
  maxSocketsPerChat: 5,
  maxAgents: 200,
  framesPerSecond: SANDBOX_FRAME_RATE.framesPerSecond,
  framesBurst: SANDBOX_FRAME_RATE.framesBurst,
  maxStrikes: 5,
  signInTimeoutMs: 10_000,
  agentGraceMs: 10_000,
  tokenWarningSeconds: 180,
  stateDebounceMs: 25,
  maxBufferedBytes: 8_000_000,
  mediaBytesPerChat: 10_000_000,
  stateMessagesPerChat: 200,
  historyBytes: 4_000_000,
  heartbeatMs: 30_000,
}
