/** The protocol asks for a typing frame at most every few seconds; the server lets one last 5 s. */
export const TYPING_INTERVAL_MS = 3000

/**
 * Decides when a keystroke should send a `typing` frame: the first one, then at most once per interval.
 * Sending a message resets it, since the server ends the typing state on send.
 */
export class TypingThrottle {
  private lastSentAt: number | undefined

  constructor(
    private readonly send: () => void,
    private readonly now: () => number = () => Date.now(),
    private readonly intervalMs = TYPING_INTERVAL_MS,
  ) {}

  keystroke(): void {
    const now = this.now()
    if (this.lastSentAt !== undefined && now - this.lastSentAt < this.intervalMs) return
    this.lastSentAt = now
    this.send()
  }

  reset(): void {
    this.lastSentAt = undefined
  }
}
