import { UpstreamError } from '../../errors/http-errors.js'
import { type RetryDecision, type RetryOptions, withRetry } from './retry.js'
import { type ReplyHints, withReplyHints } from './retry-after-client.js'

interface TwilioLikeError {
  status?: unknown
  code?: unknown
  message?: unknown
}

/**
 * What the metrics hear of Twilio calls: each attempt (operation; `2xx`, the HTTP status of a failure, or
 * `none` when no reply came; seconds),
 * each retry, and each availability read of the queue cache. Operations are the middleware's own fixed names.
 */
export interface TwilioCallObserver {
  attempt(operation: string, status: string, seconds: number): void
  retry(operation: string): void
  cache(result: 'hit' | 'miss'): void
}

/** Settings of {@link idempotentTwilioCall}: at least the time budget (TWILIO_RETRY_BUDGET_MS). */
export type TwilioRetryOptions = Pick<RetryOptions, 'budgetMs'> & Partial<RetryOptions> & { observe?: TwilioCallObserver | undefined }

/** Runs one attempt, telling `observe` how long it took and how Twilio answered. */
async function observed<T>(operation: string, call: () => Promise<T>, observe: TwilioCallObserver | undefined): Promise<T> {
  if (!observe) return call()
  const started = performance.now()
  try {
    const result = await call()
    observe.attempt(operation, '2xx', (performance.now() - started) / 1000)
    return result
  } catch (err) {
    const status = typeof err === 'object' && err !== null ? (err as TwilioLikeError).status : undefined
    observe.attempt(operation, typeof status === 'number' ? String(status) : 'none', (performance.now() - started) / 1000)
    throw err
  }
}

/**
 * Runs one Twilio SDK call and turns any failure into an {@link UpstreamError} that says what we were
 * doing. A Twilio outage must never take the process down or leak the SDK's error text (which can echo
 * request parameters) to the visitor. Never retried: use it for creates (see {@link idempotentTwilioCall}).
 *
 * @example
 * const channel = await twilioCall('create the Flex chat', () => client.flexApi.v1.channel.create(params))
 */
export async function twilioCall<T>(operation: string, call: () => Promise<T>, observe?: TwilioCallObserver): Promise<T> {
  try {
    return await observed(operation, call, observe)
  } catch (err) {
    throw toUpstreamError(operation, err)
  }
}

/**
 * Like {@link twilioCall}, for calls that are safe to repeat (reads, and updates that set a final state such
 * as `Status=closed`): transient failures (429, 5xx, timeouts, connection resets) are retried with
 * exponential backoff and full jitter inside `options.budgetMs`, honouring Twilio's `Retry-After`.
 * https://www.twilio.com/docs/usage/rest-api-best-practices#handle-429-too-many-requests
 *
 * Creates belong here only when a unique name makes them idempotent (the Conversations chat: a repeat meets
 * 50353 and reads the first one back). Twilio's REST API has no idempotency key, so any other create whose
 * reply was lost (timeout, reset after the request left) may already exist, and a blind retry would open
 * a second task that an agent would be offered twice: those go through {@link twilioCall}.
 *
 * @example
 * const stats = await idempotentTwilioCall('read the queue statistics', () => queue.realTimeStatistics().fetch(), { budgetMs: 3000 })
 */
export async function idempotentTwilioCall<T>(operation: string, call: () => Promise<T>, options: TwilioRetryOptions): Promise<T> {
  const hintsOf = new WeakMap<object, ReplyHints>()
  let attempts = 0
  try {
    return await withRetry(
      async () => {
        const hints: ReplyHints = {}
        if (attempts++ > 0) options.observe?.retry(operation)
        try {
          return await withReplyHints(hints, () => observed(operation, call, options.observe))
        } catch (err) {
          if (typeof err === 'object' && err !== null) hintsOf.set(err, hints)
          throw err
        }
      },
      (err) => classify(err, typeof err === 'object' && err !== null ? hintsOf.get(err) : undefined),
      options,
    )
  } catch (err) {
    throw toUpstreamError(operation, err)
  }
}

/** 429 and 5xx from Twilio, and failures to reach it at all, are worth another attempt; other 4xx are final. */
function classify(err: unknown, hints: ReplyHints | undefined): RetryDecision {
  const status = typeof err === 'object' && err !== null ? (err as TwilioLikeError).status : undefined
  if (typeof status !== 'number') return { retry: true }
  if (status === 429 || status >= 500) return { retry: true, afterMs: hints?.retryAfterMs }
  return { retry: false }
}

export function toUpstreamError(operation: string, err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err
  const e = (typeof err === 'object' && err !== null ? err : {}) as TwilioLikeError
  if (typeof e.status === 'number') {
    const code = twilioErrorCode(err)
    return new UpstreamError(
      operation,
      `Twilio answered ${e.status}${code ? ` (error ${code}, https://www.twilio.com/docs/errors/${code})` : ''}`,
      e.status,
      code,
    )
  }
  const network = typeof e.code === 'string' ? e.code : undefined
  return new UpstreamError(operation, network ? `Twilio could not be reached (${network})` : 'Twilio could not be reached')
}

/** True when Twilio says the resource does not exist (HTTP 404), used to make "end" idempotent. */
export function isNotFound(err: unknown): boolean {
  return err instanceof UpstreamError && err.upstreamStatus === 404
}

/**
 * Twilio's error code of a failed SDK call (a RestException's `code`, such as 50353), if it has one.
 * https://www.twilio.com/docs/api/errors
 *
 * @example
 * if (twilioErrorCode(err) === 50353) return service.conversations(uniqueName).fetch()
 */
export function twilioErrorCode(err: unknown): number | undefined {
  const code = typeof err === 'object' && err !== null ? (err as TwilioLikeError).code : undefined
  return typeof code === 'number' ? code : undefined
}
