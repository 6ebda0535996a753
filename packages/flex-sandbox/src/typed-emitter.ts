/** Listens to one event; the payload type follows from the event's name. */
export type Listener<Payload> = (payload: Payload) => void
/**
 * One event as a value, a discriminated union over `Events`: a `switch (event.type)` narrows `payload`
 * to that event's payload, with no cast.
 */
export type EventOf<Events> = { [K in keyof Events & string]: { readonly type: K; readonly payload: Events[K] } }[keyof Events & string]
/**
 * The payloads of the events of one type in `log`, in order (a recorded log, in tests).
 *
 * @example
 * payloadsOf(log, 'task.created') // [{ task }, …]
 */
export function payloadsOf<Events, K extends keyof Events & string>(log: readonly EventOf<Events>[], type: K): Events[K][] {
  // TypeScript cannot narrow a mapped union by a generic key: every entry of this `type` has this payload.
  return log.filter((event) => event.type === type).map((event) => event.payload as Events[K])
}

/** Listens to every event, e.g. to forward them all over a WebSocket. */
export type AnyListener<Events> = (event: EventOf<Events>) => void

/**
 * A small typed event emitter. Unlike `node:events` it isolates listeners: one that throws neither stops
 * the others nor unwinds the sandbox operation that emitted (its state is already consistent); the error
 * goes to `onListenerError`, which by default rethrows it on a fresh stack so it is not silently lost.
 *
 * @example
 * const events = new TypedEmitter<{ 'task.created': { sid: string } }>()
 * const off = events.on('task.created', ({ sid }) => console.log(sid))
 * events.onAny((event) => event.type === 'task.created' && console.log(event.payload.sid))
 * off()
 */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>()
  private readonly anyListeners = new Set<AnyListener<Events>>()

  constructor(
    private readonly onListenerError: (error: unknown, event: string) => void = (error) =>
      queueMicrotask(() => {
        throw error
      }),
  ) {}

  /** Subscribes to one event; returns the function that unsubscribes. */
  on<K extends keyof Events & string>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  /** Subscribes to every event; returns the function that unsubscribes. */
  onAny(listener: AnyListener<Events>): () => void {
    this.anyListeners.add(listener)
    return () => this.anyListeners.delete(listener)
  }

  emit<K extends keyof Events & string>(event: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      this.call(event, () => (listener as Listener<Events[K]>)(payload))
    }
    if (this.anyListeners.size === 0) return
    // The one place the pair is joined: `K` is one key, so this is that key's member of the union.
    const value = { type: event, payload } as EventOf<Events>
    for (const listener of [...this.anyListeners]) this.call(event, () => listener(value))
  }

  private call(event: string, run: () => void): void {
    try {
      run()
    } catch (error) {
      this.onListenerError(error, event)
    }
  }
}
