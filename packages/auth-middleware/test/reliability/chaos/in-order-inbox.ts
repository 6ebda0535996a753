import type { AdapterMessage, AdapterTransport } from './adapter.js'

/**
 * What the adapter's desk does with a chat's messages: takes them strictly by index, ignores what it already
 * has (a redelivery after a reconnection), and on a gap or a reconnection asks `history` for what it missed.
 *
 * @example
 * const inbox = new InOrderInbox(transport)
 * transport.on('messageAdded', (m) => inbox.offer(m))
 * transport.on('connectionStateChanged', (s) => s === 'connected' && inbox.catchUp())
 */
export class InOrderInbox {
  last = -1
  readonly accepted: AdapterMessage[] = []
  redeliveries = 0
  private round: Promise<void> | undefined
  private again = false

  constructor(private readonly transport: AdapterTransport) {}

  offer(message: AdapterMessage): void {
    if (message.index <= this.last) {
      this.redeliveries++
      return
    }
    if (message.index === this.last + 1) this.take(message)
    else void this.catchUp()
  }

  /**
   * Fetches everything after the newest message taken; concurrent calls collapse into one more round. Every
   * call resolves when the rounds it joined are done, so a caller can await the work rather than poll for it.
   */
  catchUp(): Promise<void> {
    if (this.round !== undefined) {
      this.again = true
      return this.round
    }
    let finished = false
    const round = (async () => {
      try {
        do {
          this.again = false
          try {
            for (const message of await this.transport.messagesAfter(this.last)) {
              if (message.index === this.last + 1) this.take(message)
              else if (message.index > this.last + 1) this.again = true
            }
          } catch {
            // Dropped again while asking: the next `connected` (or the final sweep) asks again.
            this.again = false
          }
        } while (this.again)
      } finally {
        // Cleared in the same step as the last `again` check: a call after it starts a new round.
        finished = true
        this.round = undefined
      }
    })()
    // A transport that failed without awaiting ends the round before this line: then there is none running.
    if (!finished) this.round = round
    return round
  }

  private take(message: AdapterMessage): void {
    this.last = message.index
    this.accepted.push(message)
  }
}

/** Lost, duplicated and out-of-order counts of `prefix:<n>` bodies, n = 0..expected-1, in `bodies`' order. */
export function audit(
  bodies: string[],
  prefix: string,
  expected: number,
): { delivered: number; lost: number; duplicated: number; outOfOrder: number } {
  const seen = new Map<number, number>()
  let previous = -1
  let outOfOrder = 0
  for (const body of bodies) {
    if (!body.startsWith(prefix)) continue
    const n = Number(body.slice(prefix.length))
    seen.set(n, (seen.get(n) ?? 0) + 1)
    if (n <= previous) outOfOrder++
    previous = Math.max(previous, n)
  }
  let duplicated = 0
  for (const count of seen.values()) duplicated += count - 1
  let lost = 0
  for (let n = 0; n < expected; n++) if (!seen.has(n)) lost++
  return { delivered: seen.size, lost, duplicated, outOfOrder }
}
