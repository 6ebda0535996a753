/**
 * One visitor page's presence reports to `POST /chats/presence`, as the adapter sends them: a heartbeat now
 * and every `periodMs` after (a lost one is not retried: the next comes at its time), and on `pagehide` a
 * `leaving` beacon (text/plain, the token in the body, as `navigator.sendBeacon` sends it). A reload is
 * the old page's beacon, then the new page's first heartbeat.
 *
 * @example
 * const presence = new PresenceReporter(base, auth.sessionToken, 5000)
 * presence.start()
 * await presence.reload()
 * await presence.leave()
 */
export class PresenceReporter {
  #page = 0
  #timer: ReturnType<typeof setInterval> | undefined
  /** Heartbeats and beacons the middleware did not take (it was busy or down). */
  lost = 0

  constructor(
    private readonly base: string,
    private readonly sessionToken: string,
    private readonly periodMs: number,
    private readonly name: string,
  ) {}

  get page(): string {
    return `page-${this.name}-${this.#page}`
  }

  start(): void {
    this.stop()
    void this.beat()
    this.#timer = setInterval(() => void this.beat(), this.periodMs)
    // A page's heartbeat never keeps the test process alive.
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** The page reloads: its `leaving` beacon, then the new page beats. */
  async reload(): Promise<void> {
    await this.beacon()
    this.#page++
    this.start()
  }

  /** The page is closed: it beats no more and says it is leaving. */
  async leave(): Promise<void> {
    this.stop()
    await this.beacon()
  }

  private async beat(): Promise<void> {
    await this.post(
      { 'content-type': 'application/json', authorization: `Bearer ${this.sessionToken}` },
      { state: 'here', page: this.page },
    )
  }

  private async beacon(): Promise<void> {
    await this.post({ 'content-type': 'text/plain;charset=UTF-8' }, { state: 'leaving', page: this.page, sessionToken: this.sessionToken })
  }

  private async post(headers: Record<string, string>, body: Record<string, string>): Promise<void> {
    const res = await fetch(`${this.base}/chats/presence`, { method: 'POST', headers, body: JSON.stringify(body) }).catch(() => undefined)
    if (res?.status !== 200) this.lost++
    // Read to the end, so the connection goes back to the pool.
    await res?.arrayBuffer().catch(() => undefined)
  }
}
