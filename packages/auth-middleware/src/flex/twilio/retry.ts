/**
 * Retries with exponential backoff and full jitter inside a time budget.
 *
 * Full jitter (a random wait between 0 and the exponential cap) spreads the retries of many callers that
 * failed at the same moment, so a Twilio hiccup is not followed by a synchronised stampede.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */

/** How a failure should be treated: give up, or try again (no sooner than `afterMs` when the server said so). */
export interface RetryDecision {
  retry: boolean
  /** The server's `Retry-After`, in ms: the next attempt waits at least this long. */
  afterMs?: number | undefined
}

export interface RetryOptions {
  /** No attempt starts later than this many ms after the first one. */
  budgetMs: number
  /** Cap of the first wait; doubles per attempt. */
  baseDelayMs?: number
  /** Largest cap of one wait. */
  maxDelayMs?: number
  /** Tests pin these. */
  random?: () => number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** Called before each wait (for logs and figures). */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void
}

export const DEFAULT_BASE_DELAY_MS = 100
export const DEFAULT_MAX_DELAY_MS = 2000

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The wait before retry number `attempt` (0 for the first retry): full jitter over `base * 2^attempt`
 * capped at `max`, but never shorter than the server's `Retry-After`.
 *
 * @example
 * backoffDelay(2, { baseDelayMs: 100, maxDelayMs: 2000, random: () => 0.5 }) // 200
 */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {},
  retryAfterMs?: number,
): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS
  const cap = Math.min(max, base * 2 ** attempt)
  const jittered = Math.floor((options.random ?? Math.random)() * cap)
  return Math.max(jittered, retryAfterMs ?? 0)
}

/**
 * Runs `attempt` until it succeeds, `classify` says the failure is final, or the next attempt would start
 * after the budget; then rethrows the last failure. Only wrap operations that are safe to repeat.
 *
 * @example
 * const stats = await withRetry(() => queue.realTimeStatistics().fetch(), isTransient, { budgetMs: 3000 })
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  options: RetryOptions,
): Promise<T> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? realSleep
  const deadline = now() + options.budgetMs
  for (let n = 0; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      const decision = classify(error)
      if (!decision.retry) throw error
      const delayMs = backoffDelay(n, options, decision.afterMs)
      // A Retry-After beyond the budget means: not within this request; the caller answers 503 now.
      if (now() + delayMs > deadline) throw error
      options.onRetry?.({ attempt: n, delayMs, error })
      await sleep(delayMs)
    }
  }
}

/**
 * Parses an HTTP `Retry-After` value (seconds, or an HTTP date) into ms from now; undefined when absent or
 * malformed. https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 *
 * @example
 * parseRetryAfter('2') // 2000
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
