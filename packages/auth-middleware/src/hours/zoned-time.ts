/**
 * Wall-clock time in an IANA time zone, from `Intl.DateTimeFormat` alone: what a date and time of day in the
 * zone are at an instant, and back. Daylight saving time is the zone database's, as the runtime ships it.
 */

/** A calendar date and a time of day (minutes after midnight) as a zone's clocks show them. */
export interface WallTime {
  year: number
  /** 1 to 12. */
  month: number
  day: number
  /** 0 (Sunday) to 6 (Saturday). */
  weekday: number
  minutes: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/**
 * Whether `timeZone` is an IANA zone name the runtime knows (`Europe/Paris`, `UTC`).
 *
 * @example
 * isTimeZone('Europe/Paris') // true
 * isTimeZone('Mars/Olympus') // false
 */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** The zone's wall time at `instant` (milliseconds since the epoch), to the second, as UTC milliseconds. */
function wallMillis(timeZone: string, instant: number): number {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts
  return Date.UTC(year, month - 1, day, hour, minute, second)
}

/**
 * The date and time of day the zone's clocks show at `instant`.
 *
 * @example
 * wallTimeAt('Europe/Paris', Date.parse('2026-12-07T08:00:00Z')) // { year: 2026, month: 12, day: 7, weekday: 1, minutes: 540 }
 */
export function wallTimeAt(timeZone: string, instant: number): WallTime {
  const wall = new Date(wallMillis(timeZone, instant))
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    weekday: wall.getUTCDay(),
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  }
}

/** How far the zone's clocks are ahead of UTC at `instant`, in milliseconds. */
function offsetAt(timeZone: string, instant: number): number {
  // Whole seconds: the formatter drops the milliseconds.
  return wallMillis(timeZone, instant) - Math.floor(instant / 1000) * 1000
}

const DAY_MS = 86_400_000

/**
 * The instants at which the zone's clocks show `minutes` after midnight of the date `year-month-day`: one on an
 * ordinary day, two when the clocks go back over that time (both, earliest first), none when they jump over it.
 *
 * @example
 * instantsOfWallTime('Europe/Paris', 2026, 12, 7, 540) // [Date.parse('2026-12-07T08:00:00Z')]
 */
export function instantsOfWallTime(timeZone: string, year: number, month: number, day: number, minutes: number): number[] {
  const asUtc = Date.UTC(year, month - 1, day, 0, minutes)
  // A zone's offset changes at most once around a given day: the offsets a day before and after are the two
  // candidates, and a candidate counts only if the clocks really show that time at it.
  const offsets = new Set([offsetAt(timeZone, asUtc - DAY_MS), offsetAt(timeZone, asUtc + DAY_MS)])
  const instants = [...offsets].map((offset) => asUtc - offset).filter((instant) => wallMillis(timeZone, instant) === asUtc)
  return [...new Set(instants)].sort((a, b) => a - b)
}

/**
 * The first instant at which the zone's clocks show at least `minutes` after midnight of the date, on or after
 * it: the time itself, or, when the clocks jump over it (spring forward), the moment they jump.
 *
 * @example
 * firstInstantAtOrAfter('Europe/Paris', 2026, 3, 29, 150) // Date.parse('2026-03-29T01:00:00Z'), 03:00 CEST
 */
export function firstInstantAtOrAfter(timeZone: string, year: number, month: number, day: number, minutes: number): number {
  const exact = instantsOfWallTime(timeZone, year, month, day, minutes)[0]
  if (exact !== undefined) return exact
  // In a gap: between the two readings of the offset lies the jump; find it to the minute.
  const asUtc = Date.UTC(year, month - 1, day, 0, minutes)
  const candidates = [offsetAt(timeZone, asUtc - DAY_MS), offsetAt(timeZone, asUtc + DAY_MS)].map((offset) => asUtc - offset)
  let low = Math.min(...candidates)
  let high = Math.max(...candidates)
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000
    if (wallMillis(timeZone, middle) >= asUtc) high = middle
    else low = middle
  }
  return high
}
