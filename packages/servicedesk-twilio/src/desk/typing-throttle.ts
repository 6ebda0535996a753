/** Twilio shows "typing" for about 5 s per signal; one signal every 3 s keeps it on while the visitor types. */
export const TYPING_THROTTLE_MS = 3_000

/**
 * Turns the host's `userTyping(true/false)` calls into at most one SDK typing signal per interval.
 *
 * @example
 * const typing = new TypingThrottle(() => transport.typing())
 * typing.update(true) // signals now; further `true` within 3 s are dropped
 */
export class TypingThrottle {
  #lastSignal = Number.NEGATIVE_INFINITY

  constructor(
    private readonly signal: () => Promise<void>,
    private readonly intervalMs = TYPING_THROTTLE_MS,
  ) {}

  /** Twilio has no "stopped typing" signal: `false` only lets the next `true` signal at once. */
  async update(isTyping: boolean): Promise<void> {
    if (!isTyping) {
      this.reset()
      return
    }
    const now = Date.now()
    if (now - this.#lastSignal < this.intervalMs) return
    this.#lastSignal = now
    await this.signal()
  }

  reset(): void {
    this.#lastSignal = Number.NEGATIVE_INFINITY
  }
}
