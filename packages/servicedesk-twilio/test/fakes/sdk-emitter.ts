/** Event plumbing shared by the SDK fakes: `on` typed with the SDK's own listener types, `fire` for tests. */
export class SdkEmitter<Events> {
  readonly #listeners = new Map<string, unknown[]>()

  on<K extends keyof Events & string>(event: K, listener: Events[K]): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener])
    return this
  }

  fire(event: keyof Events & string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (...values: unknown[]) => void)(...args)
  }

  listenerCount(event: keyof Events & string): number {
    return this.#listeners.get(event)?.length ?? 0
  }
}

export interface FakePage<T> {
  items: T[]
  hasNextPage: boolean
  nextPage(): Promise<FakePage<T>>
}

/** Both SDKs' `getMessages(pageSize, anchor, 'forward')`, in pages of `perPage` so tests cover paging. */
export function forwardPages<T extends { index: number }>(
  messages: T[],
  anchor: number,
  direction: 'backwards' | 'forward',
  perPage: number,
): FakePage<T> {
  if (direction !== 'forward') throw new Error('The transport pages forward')
  const from = messages.filter((message) => message.index >= anchor)
  const page = (offset: number): FakePage<T> => ({
    items: from.slice(offset, offset + perPage),
    hasNextPage: offset + perPage < from.length,
    nextPage: async () => page(offset + perPage),
  })
  return page(0)
}

/** What the channel and conversation fakes share: history, what was sent, and call counters. */
export abstract class FakeChatBase<Events, Message extends { index: number }> extends SdkEmitter<Events> {
  messages: Message[] = []
  sent: Array<{ message: unknown; attributes: unknown }> = []
  joins = 0
  leaves = 0
  typings = 0
  /** Small pages, so that every test pages. */
  pageSize = 2
  /** Errors the next sends throw, one each, before anything is recorded (a 429: see `twilio-errors.ts`). */
  readonly refuseSends: unknown[] = []
  /** Or an error for send attempt `n` (counted from 0, refused ones included) to throw. */
  refuseAttempt: ((n: number) => unknown) | undefined
  /** Every send attempt, refused or not, at the time `clock` says. */
  readonly attempts: Array<{ at: number; message: unknown }> = []
  /** The clock `attempts` reads (a pacing test passes its manual one). */
  clock: () => number = () => 0

  protected abstract markJoined(): void

  async join(): Promise<unknown> {
    this.joins += 1
    this.markJoined()
    return this
  }

  async leave(): Promise<unknown> {
    this.leaves += 1
    return this
  }

  async typing(): Promise<void> {
    this.typings += 1
  }

  protected record(message: unknown, attributes: unknown): number {
    this.attempts.push({ at: this.clock(), message })
    const refusal = this.refuseSends.length > 0 ? this.refuseSends.shift() : this.refuseAttempt?.(this.attempts.length - 1)
    if (refusal !== undefined) throw refusal
    this.sent.push({ message, attributes })
    return this.messages.length
  }

  protected page(pageSize: number, anchor: number, direction: 'backwards' | 'forward'): FakePage<Message> {
    return forwardPages(this.messages, anchor, direction, Math.min(pageSize, this.pageSize))
  }
}
