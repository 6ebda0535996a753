/**
 * Runs `callback` once after `ms`; the function it returns cancels that. Every reconnection attempt after
 * the first socket starts from one, and so does every wait of a paced send (for its turn in a burst, before
 * the retry of a `rate-limited` refusal), so a test that passes its own sees which waits are pending, and can
 * prove that none is (nothing can start any more) instead of sleeping to see that nothing does.
 */
export type Schedule = (callback: () => void, ms: number) => () => void

/**
 * The default {@link Schedule}: `setTimeout`, looked up at each call (so fake timers installed later apply too).
 *
 * @example
 * const cancel = scheduleTimeout(() => reconnect(), 500)
 * cancel() // the reconnection never starts
 */
export const scheduleTimeout: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms)
  return () => clearTimeout(timer)
}
