import { describe, expect, it } from 'vitest'
import { TypingThrottle } from './typing-throttle.js'

describe('TypingThrottle', () => {
  it('sends on the first keystroke, then at most every 3 s, and again right after a reset', () => {
    let now = 0
    let sent = 0
    const throttle = new TypingThrottle(
      () => sent++,
      () => now,
    )
    throttle.keystroke()
    now = 2999
    throttle.keystroke()
    expect(sent).toBe(1)
    now = 3000
    throttle.keystroke()
    expect(sent).toBe(2)
    throttle.reset()
    throttle.keystroke()
    expect(sent).toBe(3)
  })
})
