import type { Clock, TimerHandle } from '../clock.js'

/**
 * The visitor's access-token deadlines, as Twilio's SDKs announce them: `onWarning` a while before the
 * token expires (so the client refreshes it), `onExpired` when it does. Setting a new expiry replaces both.
 *
 * @example
 * const timer = new TokenTimer(clock, 180, () => send({ type: 'tokenAboutToExpire' }), () => pause())
 * timer.set(verified.expiresAt)
 */
export class TokenTimer {
  private timers: TimerHandle[] = []
  /** When the current token expires. */
  expiresAt: Date | undefined

  constructor(
    private readonly clock: Clock,
    private readonly warningSeconds: number,
    private readonly onWarning: () => void,
    private readonly onExpired: () => void,
  ) {}

  set(expiresAt: Date): void {
    this.dispose()
    this.expiresAt = expiresAt
    const remaining = expiresAt.getTime() - this.clock.now()
    this.timers = [
      this.clock.setTimeout(this.onWarning, Math.max(0, remaining - this.warningSeconds * 1000)),
      this.clock.setTimeout(this.onExpired, Math.max(0, remaining)),
    ]
  }

  dispose(): void {
    for (const timer of this.timers) this.clock.clearTimeout(timer)
    this.timers = []
  }
}
