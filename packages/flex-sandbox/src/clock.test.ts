import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from './clock.js'
import { createManualClock } from './manual-clock.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('systemClock', () => {
  it('follows vitest fake timers installed after import', () => {
    vi.useFakeTimers({ now: Date.UTC(2030, 0, 1) })
    const fired: number[] = []
    const kept = systemClock.setTimeout(() => fired.push(systemClock.now()), 1000)
    const cleared = systemClock.setTimeout(() => fired.push(-1), 500)
    systemClock.clearTimeout(cleared)
    expect(systemClock.now()).toBe(Date.UTC(2030, 0, 1))
    vi.advanceTimersByTime(1000)
    expect(fired).toEqual([Date.UTC(2030, 0, 1) + 1000])
    expect(kept).toBeDefined()
  })

  it('does not keep the process alive for a pending timer', () => {
    const handle = systemClock.setTimeout(() => undefined, 60_000) as unknown as NodeJS.Timeout
    expect(handle.hasRef()).toBe(false)
    systemClock.clearTimeout(handle as unknown as Parameters<typeof systemClock.clearTimeout>[0])
  })
})

describe('createManualClock', () => {
  it('runs due callbacks in time order, including ones scheduled while advancing', () => {
    const clock = createManualClock(0)
    const order: string[] = []
    clock.setTimeout(() => order.push(`b@${clock.now()}`), 20)
    clock.setTimeout(() => {
      order.push(`a@${clock.now()}`)
      clock.setTimeout(() => order.push(`c@${clock.now()}`), 5)
    }, 10)
    clock.advance(14)
    expect(order).toEqual(['a@10'])
    expect(clock.now()).toBe(14)
    clock.advance(100)
    expect(order).toEqual(['a@10', 'c@15', 'b@20'])
    expect(clock.pending()).toBe(0)
  })

  it('runs nothing cleared and refuses to go back in time', () => {
    const clock = createManualClock(0)
    let ran = false
    clock.clearTimeout(clock.setTimeout(() => (ran = true), 1))
    clock.advance(10)
    expect(ran).toBe(false)
    expect(() => clock.advance(-1)).toThrow(/time only moves forward/)
  })
})
