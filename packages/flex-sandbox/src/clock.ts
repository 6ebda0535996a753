/** An opaque handle to a scheduled callback; only the clock that made it can cancel it. */
export interface TimerHandle {
  readonly __timer: unique symbol
}

/**
 * Time as the sandbox sees it. Everything in the sandbox reads time and schedules work through this, never
 * through `Date.now` or `setTimeout` directly, so tests drive reservation timeouts and retention with a
 * manual clock (or vitest fake timers) instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  setTimeout(callback: () => void, delayMs: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/**
 * The real clock. It looks up `Date.now` and `setTimeout` on every call (not once at import), so vitest
 * fake timers installed later still apply. Timers are unref'd: a pending reservation timeout or chat
 * retention must never keep the process alive on shutdown.
 *
 * @example
 * const router = new SandboxRouter({ clock: systemClock })
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const timer = globalThis.setTimeout(callback, delayMs)
    if (typeof timer === 'object' && timer !== null && 'unref' in timer) timer.unref()
    return timer as unknown as TimerHandle
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as unknown as ReturnType<typeof globalThis.setTimeout>)
  },
}
