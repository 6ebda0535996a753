import { describe, expect, it } from 'vitest'
import { formatDuration, secondsUntil } from './format.js'

describe('formatDuration', () => {
  it('reads well at every scale', () => {
    expect(formatDuration(-3)).toBe('0 s')
    expect(formatDuration(45.9)).toBe('45 s')
    expect(formatDuration(187)).toBe('3 min 07 s')
    expect(formatDuration(3720)).toBe('1 h 02 min')
  })
})

describe('secondsUntil', () => {
  it('rounds up and stops at zero', () => {
    const now = Date.parse('2026-01-01T00:00:00.000Z')
    expect(secondsUntil('2026-01-01T00:00:29.200Z', now)).toBe(30)
    expect(secondsUntil('2025-12-31T23:59:00.000Z', now)).toBe(0)
    expect(secondsUntil('not a date', now)).toBe(0)
  })
})
