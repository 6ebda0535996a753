import type { ClosedInfo } from '@flex-escalate/api'
import type { Phrasebook } from './phrasebook.js'

/** Up to this many days ahead the opening is named by its weekday; further, by its date. */
const WEEKDAY_HORIZON_DAYS = 6
const DAY_MS = 86_400_000

/** The calendar date (as a UTC day number) `instant` falls on in `timeZone`. */
function dayNumber(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(instant)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS
}

/** The zone's short name in the locale ("CET", "EST", or an offset such as "GMT+1" where the locale has no name). */
function zoneName(locale: string, timeZone: string, instant: Date): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(instant)
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone
}

/** The zone itself, or UTC when the runtime does not know it (an old browser's zone database). */
function knownZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return timeZone
  } catch {
    return 'UTC'
  }
}

/** How the opening day is named: "today"/"tomorrow", a weekday, or a date. */
export type OpeningDayKind = 'relative' | 'weekday' | 'date'

export interface OpeningTimeParts {
  day: string
  kind: OpeningDayKind
  time: string
  zone: string
}

/**
 * The parts of the `closed` sentence, in the visitor's locale and the queue's zone: `day` (today, tomorrow, a
 * weekday name within six days, else the date), `time` (HH:MM on the queue's clock) and `zone` (its short name).
 *
 * @example
 * openingTimeParts('en-GB', '2026-12-07T08:00:00Z', 'Europe/Paris', new Date('2026-12-04T16:30:00Z'))
 * // { day: 'Monday', kind: 'weekday', time: '09:00', zone: 'CET' }
 */
export function openingTimeParts(locale: string, nextOpening: string, timeZoneName: string, now: Date): OpeningTimeParts {
  const timeZone = knownZone(timeZoneName)
  const opening = new Date(nextOpening)
  const days = dayNumber(opening, timeZone) - dayNumber(now, timeZone)
  let day: string
  let kind: OpeningDayKind
  if (days === 0 || days === 1) {
    day = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day')
    kind = 'relative'
  } else if (days > 1 && days <= WEEKDAY_HORIZON_DAYS) {
    day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }).format(opening)
    kind = 'weekday'
  } else {
    day = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long' }).format(opening)
    kind = 'date'
  }
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(opening)
  return { day, kind, time, zone: zoneName(locale, timeZone, opening) }
}

/**
 * What a visitor reads outside opening hours, in their language: "We're closed now. We open Monday at 09:00
 * (CET)." (`closed`), or `closedNoOpening` when the middleware knows no next opening (or sent an unreadable one).
 *
 * @example
 * closedSentence(ENGLISH, { nextOpening: '2026-12-07T08:00:00Z', timeZone: 'America/New_York' }, new Date('2026-12-04T22:00:00Z'))
 * // "We're closed now. We open Monday at 03:00 (EST)."
 */
export function closedSentence(phrasebook: Phrasebook, closed: ClosedInfo, now: Date): string {
  if (closed.nextOpening === null || Number.isNaN(Date.parse(closed.nextOpening))) return phrasebook.say('closedNoOpening')
  const parts = openingTimeParts(phrasebook.locale, closed.nextOpening, closed.timeZone, now)
  // Languages put words around a weekday or a date ("el lunes", "on 11 December"), not around "tomorrow".
  const day =
    parts.kind === 'weekday'
      ? phrasebook.say('openingWeekday', { weekday: parts.day })
      : parts.kind === 'date'
        ? phrasebook.say('openingDate', { date: parts.day })
        : parts.day
  return phrasebook.say('closed', { ...parts, day })
}
