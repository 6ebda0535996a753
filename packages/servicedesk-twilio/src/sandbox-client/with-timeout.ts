/**
 * `promise`'s outcome, or `onTimeout()`'s once `ms` have passed first. Throw in `onTimeout` to reject, return
 * a value to settle with it instead. The timer is always cleared, so a settled race keeps no process alive
 * and leaves nothing pending for a test to wait out. `setTimeout` is looked up at each call, so fake timers
 * installed later apply too. (Kept this small on purpose: the desk's initial chunk carries it.)
 *
 * @example
 * const snapshot = await withTimeout(transport.connect(params), 30_000, () => {
 *   throw new Error('Connecting to the chat took longer than 30000 ms')
 * })
 * const code = await withTimeout(socket.closed, 1_000, () => undefined) // number | undefined
 */
export function withTimeout<T, U = never>(promise: Promise<T>, ms: number, onTimeout: () => U): Promise<T | U> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  }).then(onTimeout)
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
