import { describe, expect, it } from 'vitest'
import { backoffDelay, parseRetryAfter, withRetry } from './retry.js'

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let t = 0
  const waits: number[] = []
  return {
    waits,
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms)
      t += ms
    },
  }
}

const transient = () => ({ retry: true })

describe('backoffDelay', () => {
  it('draws from 0 up to base·2^attempt, capped', () => {
    expect(backoffDelay(0, { random: () => 0.999 })).toBe(99)
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(400)
    expect(backoffDelay(10, { random: () => 0.999, maxDelayMs: 2000 })).toBe(1998)
    expect(backoffDelay(4, { random: () => 0 })).toBe(0)
  })

  it('never waits less than Retry-After', () => {
    expect(backoffDelay(0, { random: () => 0.5 }, 1500)).toBe(1500)
  })
})

describe('withRetry', () => {
  it('retries transient failures until one succeeds', async () => {
    const time = fakeTime()
    let calls = 0
    const result = await withRetry(
      async () => {
        calls++
        if (calls < 3) throw new Error('503')
        return 'ok'
      },
      transient,
      { budgetMs: 3000, random: () => 1, ...time },
    )
    expect(result).toBe('ok')
    expect(calls).toBe(3)
    expect(time.waits).toEqual([100, 200])
  })

  it('gives up at once on a final failure', async () => {
    const time = fakeTime()
    let calls = 0
    const failing = withRetry(
      async () => {
        calls++
        throw new Error('400')
      },
      () => ({ retry: false }),
      { budgetMs: 3000, ...time },
    )
    await expect(failing).rejects.toThrow('400')
    expect(calls).toBe(1)
  })

  it('stops when the next attempt would start after the budget, rethrowing the last error', async () => {
    const time = fakeTime()
    let calls = 0
    const failing = withRetry(
      async () => {
        calls++
        throw new Error(`attempt ${calls}`)
      },
      transient,
      { budgetMs: 1000, random: () => 1, ...time },
    )
    await expect(failing).rejects.toThrow(/attempt \d+/)
    expect(time.now()).toBeLessThanOrEqual(1000)
    expect(time.waits).toEqual([100, 200, 400])
    expect(calls).toBe(4)
  })

  it('honours Retry-After, and does not wait for one beyond the budget', async () => {
    const time = fakeTime()
    let calls = 0
    await withRetry(
      async () => {
        if (calls++ === 0) throw new Error('429')
        return 'ok'
      },
      () => ({ retry: true, afterMs: 800 }),
      { budgetMs: 3000, random: () => 0, ...time },
    )
    expect(time.waits).toEqual([800])
    const tooLate = withRetry(
      async () => {
        throw new Error('429 for a minute')
      },
      () => ({ retry: true, afterMs: 60_000 }),
      { budgetMs: 3000, ...time },
    )
    await expect(tooLate).rejects.toThrow('429 for a minute')
    expect(time.waits).toEqual([800])
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores junk', () => {
    expect(parseRetryAfter('3')).toBe(3000)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(undefined)).toBeUndefined()
  })
})
