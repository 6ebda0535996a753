import type { ClosedInfo } from '@flex-escalate/api'

/**
 * A failed call to the middleware: `status` is the HTTP status (0 when the request never got an answer),
 * `code` the middleware's `error` field (or `timeout` / `network`).
 */
export class MiddlewareError extends Error {
  override readonly name = 'MiddlewareError'

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** With `code` `closed` (`POST /auth` outside opening hours): when the queue opens next. */
    readonly closed?: ClosedInfo,
  ) {
    super(message)
  }

  /** The session token is no longer valid: the chat cannot be resumed. */
  get isUnauthorized(): boolean {
    return this.status === 401 || this.status === 403
  }
}

/**
 * A sentence a visitor can act on, for a failure while starting a chat.
 *
 * @example
 * visitorSentence(new MiddlewareError(429, 'too_many_requests', '')) // 'Too many people are asking ...'
 */
export function visitorSentence(error: unknown): string {
  if (error instanceof MiddlewareError) {
    if (error.status === 0) return 'We could not reach the support service. Please check your connection and try again.'
    if (error.isUnauthorized) return 'We could not confirm who you are. Please reload the page and try again.'
    if (error.status === 429) return 'Too many people are asking for an agent right now. Please try again in a minute.'
    if (error.status >= 500) return 'The support service is not available right now. Please try again in a few minutes.'
    return 'We could not start a chat with an agent. Please try again later.'
  }
  return 'We could not open the chat with an agent. Please check your connection and try again.'
}
