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
