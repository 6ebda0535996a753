/**
 * Twilio shows "typing" for about 5 s per signal, and the sandbox holds one for 5 s too: one signal every
 * 3 s keeps it on while the person types, without a frame per keystroke.
 */
export const TYPING_THROTTLE_MS = 3_000

export interface TypingThrottleOptions {
  /** Shortest time between two signals, in ms (default {@link TYPING_THROTTLE_MS}). */
  intervalMs?: number
  /** The clock, in ms (default `Date.now`): tests pass their own instead of waiting. */
  now?: () => number
}

/**
 * Turns "is typing" updates (the host's `userTyping(true/false)`, a composer's keystrokes) into at most one
 * typing signal per interval: the first at once, then none until the interval has passed.
 *
 * @example
 * const typing = new TypingThrottle(() => transport.typing())
 * await typing.update(true) // signals now; further `true` within 3 s are dropped
 * typing.reset() // after a send: the next keystroke signals at once
 */
export class TypingThrottle {
  #lastSignal = Number.NEGATIVE_INFINITY
  readonly #intervalMs: number
  readonly #now: () => number

  constructor(
    private readonly signal: () => void | Promise<void>,
    options: TypingThrottleOptions = {},
  ) {
    this.#intervalMs = options.intervalMs ?? TYPING_THROTTLE_MS
    // Looked up at each call by default, so fake timers installed later apply too.
    this.#now = options.now ?? (() => Date.now())
  }

  /** Neither Twilio nor the sandbox has a "stopped typing" signal: `false` only lets the next `true` signal at once. */
  async update(isTyping: boolean): Promise<void> {
    if (!isTyping) {
      this.reset()
      return
    }
    const now = this.#now()
    if (now - this.#lastSignal < this.#intervalMs) return
    this.#lastSignal = now
    await this.signal()
  }

  /** Forgets the last signal; the server ends the typing state when a message is sent. */
  reset(): void {
    this.#lastSignal = Number.NEGATIVE_INFINITY
  }
}
