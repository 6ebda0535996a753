import type { ClosedInfo } from '@flex-escalate/api'
import type { Phrasebook } from '../i18n/phrasebook.js'

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
 * A sentence a visitor can act on, in their language, for a failure while starting a chat.
 *
 * @example
 * visitorSentence(new MiddlewareError(429, 'too_many_requests', ''), ENGLISH) // 'Too many people are asking ...'
 */
export function visitorSentence(error: unknown, phrasebook: Phrasebook): string {
  if (error instanceof MiddlewareError) {
    if (error.status === 0) return phrasebook.say('startUnreachable')
    if (error.isUnauthorized) return phrasebook.say('startUnauthorized')
    if (error.status === 429) return phrasebook.say('startBusy')
    if (error.status >= 500) return phrasebook.say('startUnavailable')
    return phrasebook.say('startRefused')
  }
  return phrasebook.say('startFailed')
}
