/** Listens to one event; the payload type follows from the event's name. */
export type Listener<Payload> = (payload: Payload) => void
/** Listens to every event, e.g. to forward them all over a WebSocket. */
export type AnyListener<Events> = <K extends keyof Events & string>(event: K, payload: Events[K]) => void

/**
 * A small typed event emitter. Unlike `node:events` it isolates listeners: one that throws neither stops
 * the others nor unwinds the sandbox operation that emitted (its state is already consistent); the error
 * goes to `onListenerError`, which by default rethrows it on a fresh stack so it is not silently lost.
 *
 * @example
 * const events = new TypedEmitter<{ 'task.created': { sid: string } }>()
 * const off = events.on('task.created', ({ sid }) => console.log(sid))
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
    for (const listener of [...this.anyListeners]) this.call(event, () => listener(event, payload))
  }

  private call(event: string, run: () => void): void {
    try {
      run()
    } catch (error) {
      this.onListenerError(error, event)
    }
  }
}
