import { describe, expect, it } from 'vitest'
import { ManualTime, runUntil, turn } from '../../test/manual-time.js'
import { RATE_LIMIT_RETRY, SendQueue, type SendRate } from './send-queue.js'

class RateLimited extends Error {}
const RATE: SendRate = { perSecond: 10, burst: 5 }

function setup(rate: SendRate = RATE, random = () => 1) {
  const time = new ManualTime()
  const queue = new SendQueue({
    rate,
    isRateLimited: (error) => error instanceof RateLimited,
    schedule: time.schedule,
    now: time.now,
    random,
  })
  /** When each attempt started, by the manual clock. */
  const starts: Array<{ at: number; name: string }> = []
  const attempt =
    (name: string, refusals = 0, error: () => Error = () => new RateLimited(name)) =>
    async () => {
      starts.push({ at: time.now(), name })
      if (refusals-- > 0) throw error()
      return name
    }
  return { time, queue, starts, attempt }
}

function settled<T>(promises: Array<Promise<T>>) {
  const results: Array<T | Error> = []
  for (const promise of promises)
    promise.then(
      (value) => results.push(value),
      (error: Error) => results.push(error),
    )
  return results
}

describe('SendQueue', () => {
  it('runs a send within the budget at once, without a wait', async () => {
    const { time, queue, starts, attempt } = setup()
    await expect(queue.send(attempt('a'))).resolves.toBe('a')
    expect(starts).toEqual([{ at: 0, name: 'a' }])
    expect(time.started).toEqual([])
  })

  it('paces a burst: the bucket at once, then one every 1/rate s, in the order made', async () => {
    const { time, queue, starts, attempt } = setup()
    const names = Array.from({ length: 25 }, (_, i) => `s${i}`)
    const results = settled(names.map((name) => queue.send(attempt(name))))
    await runUntil(time, () => results.length === names.length)
    expect(results).toEqual(names)
    expect(starts.map((start) => start.name)).toEqual(names)
    // A token bucket: never more than `burst + rate × t` sends by time t.
    expect(starts.filter((start, i) => start.at < Math.max(0, ((i + 1 - RATE.burst) * 1000) / RATE.perSecond))).toEqual([])
    expect(starts.at(-1)?.at).toBe(((names.length - RATE.burst) * 1000) / RATE.perSecond)
  })

  it('runs ordered sends one at a time; unordered ones only wait for a token', async () => {
    const { queue } = setup()
    let release: () => void = () => undefined
    const first = queue.send(() => new Promise<string>((resolve) => (release = () => resolve('first'))))
    let second = false
    void queue.send(async () => (second = true))
    let unordered = false
    void queue.send(async () => (unordered = true), { ordered: false })
    await turn()
    expect([second, unordered]).toEqual([false, true])
    release()
    await first
    await turn()
    expect(second).toBe(true)
  })

  it('retries a rate-limit refusal after a jittered backoff, and keeps the order: the next send waits', async () => {
    const { time, queue, starts, attempt } = setup(RATE, () => 0)
    const results = settled([queue.send(attempt('a', 2)), queue.send(attempt('b'))])
    await runUntil(time, () => results.length === 2)
    expect(results).toEqual(['a', 'b'])
    expect(starts.map((start) => start.name)).toEqual(['a', 'a', 'a', 'b'])
    // Jitter at its bottom: half of 250 ms, then half of 500 ms; each retry then waits for a token too.
    expect(time.started.slice(0, 1)).toEqual([RATE_LIMIT_RETRY.minMs / 2])
    expect(starts[1]?.at).toBeGreaterThanOrEqual(RATE_LIMIT_RETRY.minMs / 2)
    expect((starts[2]?.at ?? 0) - (starts[1]?.at ?? 0)).toBeGreaterThanOrEqual(RATE_LIMIT_RETRY.minMs)
  })

  it('after a refusal sends nothing until a token is back: the server said its bucket is empty', async () => {
    const { time, queue, starts, attempt } = setup({ perSecond: 10, burst: 5 }, () => 0)
    const results = settled([queue.send(attempt('a', 1)), queue.send(attempt('b'), { ordered: false })])
    await runUntil(time, () => results.length === 2)
    // `b` (unordered: it does not wait for its turn) and `a`'s first attempt went out at once; `a`'s retry
    // waited out its backoff and then for the bucket, emptied by the refusal, to refill.
    expect(starts.map((start) => start.name)).toEqual(['b', 'a', 'a'])
    expect(starts[2]?.at).toBeGreaterThanOrEqual(RATE_LIMIT_RETRY.minMs / 2)
  })

  it('does not retry any other failure, and gives up on refusals after the attempts', async () => {
    const { time, queue, starts, attempt } = setup()
    const results = settled([
      queue.send(attempt('broken', 1, () => new Error('Bad request'))),
      queue.send(attempt('flooded', 99)),
      queue.send(attempt('after')),
    ])
    await runUntil(time, () => results.length === 3)
    expect(results.map((result) => (result instanceof Error ? result.message : result))).toEqual(['Bad request', 'flooded', 'after'])
    expect(starts.filter((start) => start.name === 'broken')).toHaveLength(1)
    expect(starts.filter((start) => start.name === 'flooded')).toHaveLength(RATE_LIMIT_RETRY.attempts)
  })

  it('gives a signal a token only when one is there and no send waits to go out', async () => {
    const { time, queue, attempt } = setup({ perSecond: 10, burst: 2 })
    expect(queue.tryTake()).toBe(true)
    const results = settled([queue.send(attempt('a')), queue.send(attempt('b'))])
    expect(queue.tryTake()).toBe(false) // two sends made, not out yet
    await runUntil(time, () => results.length === 2)
    expect(queue.tryTake()).toBe(false) // the bucket is empty
    time.schedule(() => undefined, 100)
    time.next()
    expect(queue.tryTake()).toBe(true)
  })

  it('close() rejects what waits, and every later send, and cancels every wait', async () => {
    const { time, queue, attempt } = setup({ perSecond: 10, burst: 2 })
    await expect(queue.send(attempt('a'))).resolves.toBe('a')
    // `c` takes the last token and is refused: it waits out a backoff; `b` waits for a token.
    const results = settled([queue.send(attempt('b')), queue.send(attempt('c', 1), { ordered: false })])
    await turn()
    expect(time.pending).toBe(2)
    queue.close(new Error('closed'))
    await turn()
    expect(results.map((result) => (result instanceof Error ? result.message : result))).toEqual(['closed', 'closed'])
    expect(time.pending).toBe(0)
    await expect(queue.send(attempt('d'))).rejects.toThrow('closed')
    expect(queue.tryTake()).toBe(false)
  })
})
