/**
 * Time that moves only when a test moves it: a clock (`now`) and a {@link Schedule} over it, for the paced
 * sends. The bucket refills by `now`, and every wait (for a token, before a retry) is one of these, so a
 * burst test runs as fast as the machine allows and sees exactly when each frame went out.
 */
import type { Schedule } from '../src/sandbox-client/schedule.js'

interface Wait {
  at: number
  seq: number
  run(): void
}

export class ManualTime {
  #now = 0
  #seq = 0
  readonly #waits = new Set<Wait>()
  /** The length of every wait started, in order. */
  readonly started: number[] = []

  readonly now = (): number => this.#now

  readonly schedule: Schedule = (callback, ms) => {
    this.started.push(ms)
    const wait: Wait = { at: this.#now + Math.max(0, ms), seq: this.#seq++, run: callback }
    this.#waits.add(wait)
    return () => {
      this.#waits.delete(wait)
    }
  }

  /** Waits started and neither run nor cancelled. */
  get pending(): number {
    return this.#waits.size
  }

  /** Moves the clock to the earliest pending wait and runs it; false when none is pending. */
  next(): boolean {
    let first: Wait | undefined
    for (const wait of this.#waits) if (!first || wait.at < first.at || (wait.at === first.at && wait.seq < first.seq)) first = wait
    if (!first) return false
    this.#waits.delete(first)
    this.#now = Math.max(this.#now, first.at)
    first.run()
    return true
  }
}

/** One turn of the event loop: every promise reaction queued so far has run (not a sleep: no time passes). */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Lets the work run until `done()`: whenever nothing more happens on its own, moves the manual clock to the
 * next pending wait. Fails when nothing is pending and the work is not done (it would never be).
 */
export async function runUntil(time: ManualTime, done: () => boolean): Promise<void> {
  for (let idle = 0; !done(); ) {
    await turn()
    if (done()) return
    // A few idle turns first: real sockets and promise chains may still be under way.
    if (++idle < 3) continue
    idle = 0
    if (!time.next()) throw new Error('Test stuck: the work is not done and no wait is pending.')
  }
}
