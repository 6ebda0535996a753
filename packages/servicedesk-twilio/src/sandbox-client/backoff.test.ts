import { describe, expect, it } from 'vitest'
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js'

describe('backoffDelay', () => {
  it('doubles from 0.5 s and stops at 10 s', () => {
    const top = (attempt: number) => backoffDelay(attempt, DEFAULT_BACKOFF, () => 1)
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(top)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000])
  })

  it('waits a random share between half and all of the ceiling', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0)).toBe(250)
    expect(backoffDelay(5, DEFAULT_BACKOFF, () => 0.5)).toBe(7500)
    const delays = Array.from({ length: 200 }, () => backoffDelay(3))
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000)
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000)
    expect(new Set(delays).size).toBeGreaterThan(1)
  })

  it('honours other bounds', () => {
    expect(backoffDelay(0, { minMs: 10, maxMs: 40 }, () => 1)).toBe(10)
    expect(backoffDelay(9, { minMs: 10, maxMs: 40 }, () => 1)).toBe(40)
  })
})
