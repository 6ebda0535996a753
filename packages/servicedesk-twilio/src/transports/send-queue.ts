/**
 * What every transport sends goes through one of these: a token bucket sized from the transport's own limit
 * (the sandbox hub's frames a second, Twilio's actions a second), a waiting line in the order the sends were
 * made, and retries with jittered backoff of the sends the server refused for going over its limit (a
 * refusal that means "not handled", so a retry cannot make a second message). A send within the budget goes
 * out at once; only a burst waits. Signals worth nothing later (typing) are not queued: `tryTake()` or drop.
 */
import { type BackoffBounds, backoffDelay } from '../sandbox-client/backoff.js'
import { type Schedule, scheduleTimeout } from '../sandbox-client/schedule.js'

/** A token bucket: sends a second on average, and how many may go out at once after a quiet spell. */
export interface SendRate {
  perSecond: number
  burst: number
}

/** Waits between attempts of a send the server refused for its rate, and how many attempts in all. */
export interface RateLimitRetry extends BackoffBounds {
  attempts: number
}

/** 0.25 s doubling to 4 s, with jitter, 8 attempts: about 8 to 16 s of refusals before a send fails. */
export const RATE_LIMIT_RETRY: RateLimitRetry = { minMs: 250, maxMs: 4_000, attempts: 8 }

/** What an integrator or a test may set; each transport has its own rate. */
export interface PacingOptions {
  /** The budget; default: the transport's (the sandbox hub's limit, or a conservative share of Twilio's). */
  rate?: SendRate
  retry?: RateLimitRetry
  /** Starts each wait (for a token, before a retry); default `setTimeout`. See {@link Schedule}. */
  schedule?: Schedule
  /** The clock the bucket refills by; default `Date.now`. */
  now?: () => number
  /** The backoff's jitter; default `Math.random`. */
  random?: () => number
}

export interface SendQueueOptions extends PacingOptions {
  rate: SendRate
  /** Whether a failed attempt was refused for the rate, unhandled: only those are tried again. */
  isRateLimited(error: unknown): boolean
}

interface Waiter {
  resolve(): void
  reject(error: Error): void
}

/**
 * Paces, orders and retries sends.
 *
 * @example
 * const sends = new SendQueue({ rate: { perSecond: 10, burst: 10 }, isRateLimited: (error) => isTooManyRequests(error) })
 * await sends.send(() => conversation.sendMessage(body, attributes)) // in order, once, retried on 429
 * if (sends.tryTake()) void conversation.typing() // dropped when over budget
 */
export class SendQueue {
  readonly #rate: SendRate
  readonly #retry: RateLimitRetry
  readonly #schedule: Schedule
  readonly #now: () => number
  readonly #random: () => number
  readonly #isRateLimited: (error: unknown) => boolean
  /** Sends waiting for a token, first come first served. */
  readonly #line: Waiter[] = []
  /** Retries waiting out their backoff, cancelled by `close()`. */
  readonly #backoffs = new Set<Waiter & { cancel(): void }>()
  #tokens: number
  #refilledAt: number
  /** Cancels the wait for the next token, while one is pending. */
  #cancelWait: (() => void) | undefined
  /** Settles when the last ordered send has: the next one starts after it. */
  #tail: Promise<unknown> = Promise.resolve()
  /** Sends made that have not gone out yet (waiting for their turn or a token): a signal yields to them. */
  #unsent = 0
  #closed: Error | undefined

  constructor(options: SendQueueOptions) {
    this.#rate = options.rate
    this.#retry = options.retry ?? RATE_LIMIT_RETRY
    this.#schedule = options.schedule ?? scheduleTimeout
    this.#now = options.now ?? Date.now
    this.#random = options.random ?? Math.random
    this.#isRateLimited = options.isRateLimited
    this.#tokens = options.rate.burst
    this.#refilledAt = this.#now()
  }

  /**
   * Runs `attempt` once a token is there, again after a rate-limit refusal (with backoff, up to the retry's
   * attempts), and settles as its last attempt did. Ordered sends (the default) run one at a time in the
   * order `send` was called, so a retried one is never overtaken; unordered ones only wait for a token.
   */
  send<T>(attempt: () => Promise<T>, { ordered = true }: { ordered?: boolean } = {}): Promise<T> {
    this.#unsent += 1
    if (!ordered) return this.#attempts(attempt)
    const result = this.#tail.then(() => this.#attempts(attempt))
    this.#tail = result.catch(() => undefined)
    return result
  }

  /** Takes a token if one is there and no send waits to go out: for a signal that is dropped otherwise. */
  tryTake(): boolean {
    return !this.#closed && this.#unsent === 0 && this.#line.length === 0 && this.#take()
  }

  /** Rejects every waiting send with `error`, and every later one; cancels every pending wait. */
  close(error: Error): void {
    this.#closed = error
    this.#cancelWait?.()
    this.#cancelWait = undefined
    for (const waiter of [...this.#line.splice(0), ...this.#backoffs]) waiter.reject(error)
    for (const backoff of this.#backoffs) backoff.cancel()
    this.#backoffs.clear()
  }

  async #attempts<T>(attempt: () => Promise<T>): Promise<T> {
    for (let refusals = 0; ; ) {
      try {
        await this.#token()
      } finally {
        if (refusals === 0) this.#unsent -= 1
      }
      try {
        return await attempt()
      } catch (error) {
        refusals += 1
        if (this.#closed || !this.#isRateLimited(error) || refusals >= this.#retry.attempts) throw error
        // The server's bucket is empty, whatever ours says: nothing goes out until it refills.
        this.#tokens = Math.min(this.#tokens, 0)
        await this.#backoff(backoffDelay(refusals - 1, this.#retry, this.#random))
      }
    }
  }

  #token(): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closed)
    if (this.#line.length === 0 && this.#take()) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.#line.push({ resolve, reject })
      this.#serveLine()
    })
  }

  /** Hands the tokens there are to the line in order, then waits for the next one if anyone still waits. */
  #serveLine(): void {
    if (this.#cancelWait) return
    while (this.#line.length > 0 && this.#take()) this.#line.shift()?.resolve()
    if (this.#line.length === 0) return
    const ms = Math.ceil(((1 - this.#tokens) * 1000) / this.#rate.perSecond)
    this.#cancelWait = this.#schedule(() => {
      this.#cancelWait = undefined
      this.#serveLine()
    }, ms)
  }

  #take(): boolean {
    const now = this.#now()
    this.#tokens = Math.min(this.#rate.burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#rate.perSecond)
    this.#refilledAt = now
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  #backoff(ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const backoff = {
        resolve,
        reject,
        cancel: this.#schedule(() => {
          this.#backoffs.delete(backoff)
          resolve()
        }, ms),
      }
      this.#backoffs.add(backoff)
    })
  }
}
