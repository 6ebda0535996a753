import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withTimeout } from './with-timeout.js'

describe('withTimeout', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('settles with the promise when it comes first, and leaves no timer behind', async () => {
    await expect(withTimeout(Promise.resolve('answer'), 1000, () => 'late')).resolves.toBe('answer')
    await expect(withTimeout(Promise.reject(new Error('refused')), 1000, () => 'late')).rejects.toThrow('refused')
    expect(vi.getTimerCount()).toBe(0)
  })

  it("settles with the fallback's value, or rejects with what it throws, once the time is up", async () => {
    const never = new Promise<string>(() => undefined)
    const value = withTimeout(never, 1000, () => undefined)
    const failed = withTimeout(never, 2000, () => {
      throw new Error('took too long')
    })
    const rejected = expect(failed).rejects.toThrow('took too long')
    await vi.advanceTimersByTimeAsync(999)
    expect(vi.getTimerCount()).toBe(2)
    await vi.advanceTimersByTimeAsync(1)
    await expect(value).resolves.toBeUndefined()
    await vi.advanceTimersByTimeAsync(1000)
    await rejected
  })
})
