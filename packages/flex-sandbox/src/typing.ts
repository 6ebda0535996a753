import type { Clock, TimerHandle } from './clock.js'

/**
 * Who is typing where. Like Twilio, a typing signal lasts a few seconds unless repeated, so a client that
 * vanishes mid-word does not leave "typing…" on the other side forever.
 */
export class TypingTracker {
  private readonly timers = new Map<string, TimerHandle>()

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly onChange: (chatSid: string, identity: string, typing: boolean) => void,
  ) {}

  /** Starts or prolongs a signal; reports a start only when the member was not typing already. */
  start(chatSid: string, identity: string): void {
    const key = keyOf(chatSid, identity)
    const existing = this.timers.get(key)
    if (existing !== undefined) this.clock.clearTimeout(existing)
    this.timers.set(
      key,
      this.clock.setTimeout(() => this.stop(chatSid, identity), this.timeoutMs),
    )
    if (existing === undefined) this.onChange(chatSid, identity, true)
  }

  stop(chatSid: string, identity: string): void {
    const key = keyOf(chatSid, identity)
    const timer = this.timers.get(key)
    if (timer === undefined) return
    this.clock.clearTimeout(timer)
    this.timers.delete(key)
    this.onChange(chatSid, identity, false)
  }

  stopAll(chatSid: string): void {
    for (const key of [...this.timers.keys()]) {
      const [sid, identity] = JSON.parse(key) as [string, string]
      if (sid === chatSid) this.stop(sid, identity)
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer)
    this.timers.clear()
  }
}

function keyOf(chatSid: string, identity: string): string {
  return JSON.stringify([chatSid, identity])
}
