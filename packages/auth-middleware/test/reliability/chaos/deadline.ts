/**
 * One time limit shared by every loop and wait of a test, so that none can hang: each loop calls `check`
 * and each wait goes through `race`; past the limit both fail with what the test was doing and a context
 * line (the chaos seed) to reproduce it. One timer in all, whatever the number of waits.
 *
 * @example
 * const deadline = new Deadline(100_000, `CHAOS_SEED=${seed}`)
 * while (!done()) {
 *   deadline.check(() => `accepting offers: ${accepted} of ${CHATS}`)
 *   await deadline.race(nextState(), () => 'waiting for an offer')
 * }
 * deadline.dispose()
 */
export class Deadline {
  readonly at: number
  private readonly expiredError = new Error('the deadline passed')
  private readonly expired: Promise<never>
  private readonly timer: NodeJS.Timeout

  constructor(
    readonly ms: number,
    private readonly context: string,
  ) {
    this.at = Date.now() + ms
    let expire!: () => void
    this.expired = new Promise<never>((_, reject) => (expire = () => reject(this.expiredError)))
    // Nobody may be racing at the instant it expires: that is not an unhandled rejection.
    this.expired.catch(() => undefined)
    this.timer = setTimeout(expire, ms)
    // The limit must not keep the worker alive after the test.
    this.timer.unref()
  }

  get passed(): boolean {
    return Date.now() >= this.at
  }

  /** Throws the deadline's error if the time is up. */
  check(doing: () => string): void {
    if (this.passed) throw this.error(doing())
  }

  /** `promise`, or the deadline's error if the time runs out first. */
  async race<T>(promise: Promise<T>, doing: () => string): Promise<T> {
    try {
      return await Promise.race([promise, this.expired])
    } catch (err) {
      // A loop inside `promise` may have run into the limit first: its error already says what it was doing.
      if (this.passed && !(err instanceof DeadlineError)) throw this.error(doing(), err === this.expiredError ? undefined : err)
      throw err
    }
  }

  dispose(): void {
    clearTimeout(this.timer)
  }

  private error(doing: string, cause?: unknown): DeadlineError {
    return new DeadlineError(
      `Failed to finish within ${this.ms / 1000} s: still ${doing}. Replay with ${this.context}.`,
      cause === undefined ? undefined : { cause },
    )
  }
}

/** What {@link Deadline} throws: the time ran out. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError'
}
