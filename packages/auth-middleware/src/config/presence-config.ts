import type { Env } from './env-schema.js'
import { fail } from './variables.js'

/** How the middleware notices that a visitor left the page (`POST /chats/presence`, src/presence/). */
export interface PresenceConfig {
  /** A visitor not seen for this long has left (their device went away without a `pagehide`). */
  timeoutSeconds: number
  /** After a `leaving` beacon, how long a reload has to bring the page back before the visitor has left. */
  leavingGraceSeconds: number
  /** With an agent: how long after the agent was told the visitor left the chat ends, unless they come back. */
  idleEndSeconds: number
  /** What the adapter is told to beat at: a third of the timeout, so two lost heartbeats are not a departure. */
  heartbeatSeconds: number
  /** Presence records shared by every instance; undefined: in this process's memory. */
  redisUrl: string | undefined
}

/**
 * The presence settings. The leaving grace must be shorter than the timeout: a `leaving` beacon is a
 * stronger sign than silence, so it must not make the visitor wait longer to be noticed.
 *
 * @example
 * toPresenceConfig(env).heartbeatSeconds // 30 with the default VISITOR_PRESENCE_TIMEOUT_SECONDS=90
 */
export function toPresenceConfig(env: Env): PresenceConfig {
  const timeoutSeconds = env.VISITOR_PRESENCE_TIMEOUT_SECONDS
  const leavingGraceSeconds = env.VISITOR_LEAVING_GRACE_SECONDS
  if (leavingGraceSeconds >= timeoutSeconds) {
    fail(
      'VISITOR_LEAVING_GRACE_SECONDS',
      `VISITOR_LEAVING_GRACE_SECONDS must be less than VISITOR_PRESENCE_TIMEOUT_SECONDS (got ${leavingGraceSeconds} and ${timeoutSeconds}): the grace after a "leaving" beacon is the shorter wait`,
    )
  }
  return {
    timeoutSeconds,
    leavingGraceSeconds,
    idleEndSeconds: env.VISITOR_IDLE_END_SECONDS,
    heartbeatSeconds: Math.max(1, Math.floor(timeoutSeconds / 3)),
    redisUrl: env.REDIS_URL,
  }
}
