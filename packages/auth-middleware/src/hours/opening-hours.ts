import { firstInstantAtOrAfter, type WallTime, wallTimeAt } from './zoned-time.js'

/** Days of the week as the configuration names them, Sunday first (as `Date#getDay` counts). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/**
 * One opening of a day, in minutes after midnight of the queue's zone. `end` after `start`; an `end` of 1440 is
 * midnight. An `end` at or before `start` runs past midnight into the next day ("22:00-02:00").
 */
export interface OpeningRange {
  start: number
  end: number
}

/** When a queue takes chats: a weekly schedule in an IANA zone, less the dates it is closed. */
export interface OpeningHours {
  /** IANA time zone of the schedule (`Europe/Paris`): DST is the zone's. */
  timeZone: string
  /** Openings of each weekday; a day left out is closed. */
  weekly: Readonly<Partial<Record<Weekday, readonly OpeningRange[]>>>
  /**
   * Local dates (`YYYY-MM-DD`) on which the day's openings do not happen (public holidays). An opening that
   * starts the evening before and runs past midnight still ends as scheduled.
   */
  closedDates: ReadonlySet<string>
}

/** How far ahead {@link nextOpening} looks: a year and a few days, past any run of closed dates up to a year. */
export const OPENING_HORIZON_DAYS = 370

const pad = (value: number) => String(value).padStart(2, '0')

/** `YYYY-MM-DD` of a wall date. */
function isoDate({ year, month, day }: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  return `${year}-${pad(month)}-${pad(day)}`
}

/** The calendar date `offset` days after `date` (calendar arithmetic, no zone involved). */
function dateAfter(date: Pick<WallTime, 'year' | 'month' | 'day'>, offset: number): Omit<WallTime, 'minutes'> {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + offset))
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), weekday: shifted.getUTCDay() }
}

const overnight = (range: OpeningRange) => range.end <= range.start

function rangesOf(hours: OpeningHours, date: Omit<WallTime, 'minutes'>): readonly OpeningRange[] {
  if (hours.closedDates.has(isoDate(date))) return []
  return hours.weekly[WEEKDAYS[date.weekday] ?? 'sun'] ?? []
}

/**
 * Whether the queue takes chats at `now`, by the zone's wall clock: inside one of today's openings (not on a
 * closed date), or inside the after-midnight part of one of yesterday's.
 *
 * @example
 * const hours = { timeZone: 'Europe/Paris', weekly: { mon: [{ start: 540, end: 1020 }] }, closedDates: new Set<string>() }
 * isOpen(hours, new Date('2026-12-07T08:30:00Z')) // true: Monday 09:30 in Paris
 */
export function isOpen(hours: OpeningHours, now: Date): boolean {
  const wall = wallTimeAt(hours.timeZone, now.getTime())
  const today = rangesOf(hours, wall).some((range) =>
    overnight(range) ? wall.minutes >= range.start : wall.minutes >= range.start && wall.minutes < range.end,
  )
  if (today) return true
  return rangesOf(hours, dateAfter(wall, -1)).some((range) => overnight(range) && wall.minutes < range.end)
}

/**
 * When the queue next takes chats: `now` itself while open, else the start of the next opening (on a day the
 * clocks jump over that time, the moment they jump), or `null` when none comes within
 * {@link OPENING_HORIZON_DAYS} days.
 *
 * @example
 * const hours = { timeZone: 'Europe/Paris', weekly: { mon: [{ start: 540, end: 1020 }] }, closedDates: new Set<string>() }
 * nextOpening(hours, new Date('2026-12-04T16:30:00Z')) // 2026-12-07T08:00:00.000Z: Monday 09:00 CET
 */
export function nextOpening(hours: OpeningHours, now: Date): Date | null {
  if (isOpen(hours, now)) return now
  const today = wallTimeAt(hours.timeZone, now.getTime())
  for (let offset = 0; offset <= OPENING_HORIZON_DAYS; offset++) {
    const date = dateAfter(today, offset)
    const starts = rangesOf(hours, date)
      .map((range) => firstInstantAtOrAfter(hours.timeZone, date.year, date.month, date.day, range.start))
      .filter((start) => start > now.getTime())
    if (starts.length > 0) return new Date(Math.min(...starts))
  }
  return null
}
