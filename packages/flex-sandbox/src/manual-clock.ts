import type { Clock, TimerHandle } from './clock.js'

interface Scheduled {
  id: number
  at: number
  callback: () => void
}

/** A {@link Clock} that only moves when told to, for tests of the sandbox and of what is built on it. */
export interface ManualClock extends Clock {
  /** Moves time forward, running every callback that falls due, in time order (ties: scheduling order). */
  advance(ms: number): void
  /** Callbacks scheduled and not yet run or cleared. */
  pending(): number
}

/**
 * @example
 * const clock = createManualClock()
 * clock.setTimeout(() => console.log('late'), 30_000)
 * clock.advance(30_000) // logs 'late'
 */
export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs
  let nextId = 1
  const scheduled = new Map<number, Scheduled>()

  function nextDue(until: number): Scheduled | undefined {
    let due: Scheduled | undefined
    for (const timer of scheduled.values()) {
      if (timer.at <= until && (!due || timer.at < due.at || (timer.at === due.at && timer.id < due.id))) due = timer
    }
    return due
  }

  return {
    now: () => now,
    setTimeout(callback, delayMs) {
      const id = nextId++
      scheduled.set(id, { id, at: now + Math.max(0, delayMs), callback })
      return id as unknown as TimerHandle
    },
    clearTimeout(handle) {
      scheduled.delete(handle as unknown as number)
    },
    advance(ms) {
      if (!(ms >= 0)) throw new Error(`Failed to advance the manual clock by ${ms} ms: time only moves forward. Please pass 0 or more.`)
      const until = now + ms
      // A callback may schedule another that falls due within the same advance: look again after each run.
      for (let due = nextDue(until); due; due = nextDue(until)) {
        scheduled.delete(due.id)
        now = due.at
        due.callback()
      }
      now = until
    },
    pending: () => scheduled.size,
  }
}
