/**
 * Runs a task now and then every `intervalMs` until stopped; a run starts only after the previous one ended.
 *
 * @example
 * const poller = new Repeater(() => refreshQueuePosition(), 10_000)
 * poller.start()
 */
export class Repeater {
  #timer: ReturnType<typeof setTimeout> | undefined
  #running = false

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  get running(): boolean {
    return this.#running
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    void this.#run()
  }

  stop(): void {
    this.#running = false
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  async #run(): Promise<void> {
    if (!this.#running) return
    try {
      await this.task()
    } finally {
      if (this.#running) this.#timer = setTimeout(() => void this.#run(), this.intervalMs)
    }
  }
}
