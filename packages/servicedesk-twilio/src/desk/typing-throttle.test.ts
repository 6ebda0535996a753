import { describe, expect, it } from 'vitest'
import { TypingThrottle } from './typing-throttle.js'

describe('TypingThrottle', () => {
  it('signals on the first update, then at most every 3 s, and again right after a reset', async () => {
    let now = 0
    let sent = 0
    const throttle = new TypingThrottle(() => void sent++, { now: () => now })
    await throttle.update(true)
    now = 2999
    await throttle.update(true)
    expect(sent).toBe(1)
    now = 3000
    await throttle.update(true)
    expect(sent).toBe(2)
    throttle.reset()
    await throttle.update(true)
    expect(sent).toBe(3)
  })

  it('treats "stopped typing" as a reset, and honours another interval', async () => {
    let now = 0
    const signals: number[] = []
    const throttle = new TypingThrottle(async () => void signals.push(now), { now: () => now, intervalMs: 100 })
    await throttle.update(true)
    now = 50
    await throttle.update(false)
    await throttle.update(true)
    now = 149
    await throttle.update(true)
    now = 150
    await throttle.update(true)
    expect(signals).toEqual([0, 50, 150])
  })
})
