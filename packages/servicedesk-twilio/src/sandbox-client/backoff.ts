/** Bounds of the wait between reconnection attempts. */
export interface BackoffBounds {
  /** Wait before the first attempt, in ms. */
  minMs: number
  /** Longest wait, in ms, however many attempts failed. */
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffBounds = { minMs: 500, maxMs: 10_000 }

/**
 * How long to wait before reconnection attempt `attempt` (0 = the first): doubling from `minMs` up to `maxMs`,
 * then a random share of it between half and all. The jitter keeps a page full of visitors from reconnecting
 * in step after the server restarts.
 *
 * @example
 * backoffDelay(0) // between 250 and 500
 * backoffDelay(10) // between 5000 and 10000
 */
export function backoffDelay(attempt: number, bounds: BackoffBounds = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(bounds.maxMs, bounds.minMs * 2 ** Math.min(attempt, 30))
  return Math.round(ceiling * (0.5 + random() / 2))
}
