import { CLOSED_ERROR, type ClosedInfo } from '@flex-escalate/api'
import type { OpeningHoursConfig } from '../config/opening-hours-config.js'
import { HttpError } from '../errors/http-errors.js'
import { isOpen, nextOpening, type OpeningHours } from './opening-hours.js'

/**
 * 503 `closed`: `POST /auth` outside the opening hours of the topic's queue. The body carries `closed` (when it
 * opens next), as `GET /agents/availability` does, and `Retry-After` says how long until then.
 */
export class ClosedError extends HttpError {
  /** @param now the instant it was closed at (ms), for `Retry-After`. */
  constructor(
    readonly closed: ClosedInfo,
    now: number,
  ) {
    super(
      503,
      CLOSED_ERROR,
      closed.nextOpening
        ? `Failed to start a chat: the support team is closed until ${closed.nextOpening} (${closed.timeZone}). Please come back then.`
        : 'Failed to start a chat: the support team is closed. Please come back later.',
    )
    this.name = 'ClosedError'
    this.details = { closed }
    if (closed.nextOpening) {
      this.headers = { 'retry-after': String(Math.max(1, Math.ceil((Date.parse(closed.nextOpening) - now) / 1000))) }
    }
  }
}

/** Answers "is the topic's queue open now?" from the configuration, before anyone asks Flex. */
export interface OpeningGate {
  /** Undefined while the topic's queue is open (or has no schedule); else when it opens next. */
  closedNow(topic: string | undefined): ClosedInfo | undefined
  /** Throws a {@link ClosedError} while the topic's queue is closed. */
  requireOpen(topic: string | undefined): void
}

/**
 * The gate of the configured opening hours: a topic's own schedule, else the global one, else always open.
 * `now` is the clock (tests inject one); `OPENING_HOURS_TEST_NOW` shifts it so it showed that instant at start.
 *
 * @example
 * const gate = createOpeningGate(config.openingHours)
 * gate.closedNow('billing') // { nextOpening: '2026-12-07T08:00:00.000Z', timeZone: 'Europe/Paris' } on a Friday night
 */
export function createOpeningGate(config: OpeningHoursConfig, now: () => number = () => Date.now()): OpeningGate {
  const shift = config.testNow ? config.testNow.getTime() - now() : 0
  const hoursOf = (topic: string | undefined): OpeningHours | undefined =>
    (topic !== undefined ? config.byTopic[topic.trim().toLowerCase()] : undefined) ?? config.global
  const closedNow = (topic: string | undefined): ClosedInfo | undefined => {
    const hours = hoursOf(topic)
    if (!hours) return undefined
    const at = new Date(now() + shift)
    if (isOpen(hours, at)) return undefined
    return { nextOpening: nextOpening(hours, at)?.toISOString() ?? null, timeZone: hours.timeZone }
  }
  return {
    closedNow,
    requireOpen(topic) {
      const closed = closedNow(topic)
      if (closed) throw new ClosedError(closed, now() + shift)
    },
  }
}
