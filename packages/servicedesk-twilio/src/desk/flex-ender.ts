import type { Logger } from '../logger.js'
import type { MiddlewareClient } from '../middleware/middleware-client.js'
import { MiddlewareError } from '../middleware/middleware-error.js'

/** Waits before the second, third and fourth `/chats/end` attempt, in ms. */
export const END_RETRY_DELAYS_MS: readonly number[] = [1_000, 4_000, 15_000]

/**
 * Whether another attempt can succeed: not when the middleware refused the request itself (a 4xx other than
 * 429: the session token is unknown or expired, the request is malformed), since it would refuse it again.
 */
function worthRetrying(error: unknown): boolean {
  if (!(error instanceof MiddlewareError)) return true
  return error.status === 0 || error.status === 429 || error.status >= 500
}

/** What a log line may say about a failed attempt: never the session token. */
function describeFailure(error: unknown): Record<string, unknown> {
  if (error instanceof MiddlewareError) return { status: error.status, code: error.code, message: error.message }
  return { message: error instanceof Error ? error.message : String(error) }
}

/**
 * Ends Flex chats through `/chats/end`, best effort: a failed attempt is tried again with backoff (1 s, 4 s,
 * 15 s), in the background, so the visitor never waits for it. `/chats/end` is idempotent, so a repeat is
 * harmless. Logs each failure without the session token.
 *
 * @example
 * const ender = new FlexEnder(middleware, logger)
 * void ender.end(sessionToken, 'connecting failed') // the visitor sees the error now; Flex hears soon
 */
export class FlexEnder {
  constructor(
    private readonly middleware: Pick<MiddlewareClient, 'endChat'>,
    private readonly logger: Logger,
    private readonly delaysMs: readonly number[] = END_RETRY_DELAYS_MS,
  ) {}

  /**
   * Starts ending the chat of `sessionToken`; `why` goes into the log. Resolves (never rejects) once the first
   * attempt is over, with whether Flex confirmed it; the further attempts run on after that.
   */
  end(sessionToken: string, why: string): Promise<boolean> {
    const first = this.#attempt(sessionToken, why, 0)
    return first.then((outcome) => {
      if (outcome === 'retry') void this.#retry(sessionToken, why, 1)
      return outcome === 'ended'
    })
  }

  async #retry(sessionToken: string, why: string, attempt: number): Promise<void> {
    for (let next = attempt; ; next += 1) {
      await new Promise<void>((resolve) => setTimeout(resolve, this.delaysMs[next - 1]))
      if ((await this.#attempt(sessionToken, why, next)) !== 'retry') return
    }
  }

  async #attempt(sessionToken: string, why: string, attempt: number): Promise<'ended' | 'retry' | 'refused'> {
    try {
      await this.middleware.endChat(sessionToken)
      if (attempt > 0) this.logger.info(`Ended the chat on the Flex side (${why}) at attempt ${attempt + 1}`)
      return 'ended'
    } catch (error) {
      const attempts = this.delaysMs.length + 1
      const again = worthRetrying(error) && attempt + 1 < attempts
      const delay = this.delaysMs[attempt]
      const plan = again && delay !== undefined ? `trying again in ${delay / 1000} s` : 'giving up'
      this.logger.warn(
        `Ending the chat on the Flex side (${why}) failed, attempt ${attempt + 1} of ${attempts}; ${plan}`,
        describeFailure(error),
      )
      return again ? 'retry' : 'refused'
    }
  }
}
