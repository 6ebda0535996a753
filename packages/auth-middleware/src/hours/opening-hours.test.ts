import { describe, expect, it } from 'vitest'
import { isOpen, nextOpening, type OpeningHours, type OpeningRange } from './opening-hours.js'
import { firstInstantAtOrAfter, instantsOfWallTime, isTimeZone } from './zoned-time.js'

const range = (text: string): OpeningRange => {
  const [start = '', end = ''] = text.split('-')
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))
  return { start: minutes(start), end: minutes(end) === 0 ? 1440 : minutes(end) }
}
const officeDays = [range('09:00-17:00')]
/** Monday to Friday 09:00-17:00 in Paris, closed on Christmas Day. */
const paris: OpeningHours = {
  timeZone: 'Europe/Paris',
  weekly: { mon: officeDays, tue: officeDays, wed: officeDays, thu: officeDays, fri: officeDays },
  closedDates: new Set(['2026-12-25']),
}
const at = (iso: string) => new Date(iso)
const next = (hours: OpeningHours, iso: string) => nextOpening(hours, at(iso))?.toISOString() ?? null

describe('isOpen', () => {
  it('is open inside a range of the day, by the zone wall clock, and closed at its end', () => {
    expect(isOpen(paris, at('2026-12-07T07:59:59Z'))).toBe(false) // Monday 08:59:59 in Paris
    expect(isOpen(paris, at('2026-12-07T08:00:00Z'))).toBe(true) // 09:00
    expect(isOpen(paris, at('2026-12-07T15:59:59Z'))).toBe(true)
    expect(isOpen(paris, at('2026-12-07T16:00:00Z'))).toBe(false) // 17:00: the end is not included
  })

  it('is closed at the weekend and on a closed date', () => {
    expect(isOpen(paris, at('2026-12-05T10:00:00Z'))).toBe(false) // Saturday
    expect(isOpen(paris, at('2026-12-06T10:00:00Z'))).toBe(false) // Sunday
    expect(isOpen(paris, at('2026-12-25T10:00:00Z'))).toBe(false) // Christmas, a Friday
    expect(isOpen(paris, at('2026-12-24T10:00:00Z'))).toBe(true)
  })

  it('judges the day in the zone, not in UTC', () => {
    // 23:30 UTC on Sunday is already Monday 08:30 in Tokyo.
    const tokyo: OpeningHours = { timeZone: 'Asia/Tokyo', weekly: { mon: [range('08:00-12:00')] }, closedDates: new Set() }
    expect(isOpen(tokyo, at('2026-12-06T23:30:00Z'))).toBe(true)
    expect(isOpen(tokyo, at('2026-12-07T23:30:00Z'))).toBe(false)
  })

  it('keeps a range running past midnight open into the next day, even onto a closed date', () => {
    const night: OpeningHours = { timeZone: 'UTC', weekly: { fri: [range('22:00-02:00')] }, closedDates: new Set(['2026-12-05']) }
    expect(isOpen(night, at('2026-12-04T21:59:00Z'))).toBe(false)
    expect(isOpen(night, at('2026-12-04T23:00:00Z'))).toBe(true) // Friday 23:00
    expect(isOpen(night, at('2026-12-05T01:59:00Z'))).toBe(true) // Saturday 01:59, a closed date
    expect(isOpen(night, at('2026-12-05T02:00:00Z'))).toBe(false)
    expect(isOpen(night, at('2026-12-11T23:00:00Z'))).toBe(true) // the next Friday
  })

  it('takes a range to 24:00 as the whole rest of the day', () => {
    const late: OpeningHours = { timeZone: 'UTC', weekly: { mon: [range('18:00-24:00')] }, closedDates: new Set() }
    expect(isOpen(late, at('2026-12-07T23:59:59Z'))).toBe(true)
    expect(isOpen(late, at('2026-12-08T00:00:00Z'))).toBe(false)
  })
})

describe('nextOpening', () => {
  it('is now while open', () => {
    expect(next(paris, '2026-12-07T09:00:00Z')).toBe('2026-12-07T09:00:00.000Z')
  })

  it('after Friday closing time, is Monday 09:00', () => {
    expect(next(paris, '2026-12-04T16:30:00Z')).toBe('2026-12-07T08:00:00.000Z')
  })

  it('before opening, is the same day', () => {
    expect(next(paris, '2026-12-07T06:00:00Z')).toBe('2026-12-07T08:00:00.000Z')
  })

  it('skips a closed date and the weekend after it', () => {
    // Thursday 24 December after closing: Friday 25 is closed, so Monday 28.
    expect(next(paris, '2026-12-24T17:00:00Z')).toBe('2026-12-28T08:00:00.000Z')
  })

  it('finds the later range of a split day', () => {
    const split: OpeningHours = { timeZone: 'UTC', weekly: { mon: [range('13:00-17:00'), range('09:00-12:00')] }, closedDates: new Set() }
    expect(next(split, '2026-12-07T12:30:00Z')).toBe('2026-12-07T13:00:00.000Z')
    expect(next(split, '2026-12-07T08:00:00Z')).toBe('2026-12-07T09:00:00.000Z')
  })

  it('follows the clocks going forward over the weekend (CET to CEST)', () => {
    // Friday 27 March 2026 17:30 CET; clocks go forward on Sunday 29; Monday 09:00 is 07:00 UTC, not 08:00.
    expect(next(paris, '2026-03-27T16:30:00Z')).toBe('2026-03-30T07:00:00.000Z')
    // And back in October: Monday 26 October 09:00 CET is 08:00 UTC again.
    expect(next(paris, '2026-10-23T16:30:00Z')).toBe('2026-10-26T08:00:00.000Z')
  })

  it('opens when the clocks jump, on a day they jump over the opening time', () => {
    // 02:30 does not exist in Paris on 29 March 2026: the clocks go from 02:00 to 03:00 (01:00 UTC).
    const early: OpeningHours = { timeZone: 'Europe/Paris', weekly: { sun: [range('02:30-06:00')] }, closedDates: new Set() }
    const opening = nextOpening(early, at('2026-03-28T12:00:00Z'))
    expect(opening?.toISOString()).toBe('2026-03-29T01:00:00.000Z')
    expect(isOpen(early, opening as Date)).toBe(true)
    expect(isOpen(early, at('2026-03-29T00:59:00Z'))).toBe(false)
  })

  it('opens at the first of the two 02:30s when the clocks go back', () => {
    const early: OpeningHours = { timeZone: 'Europe/Paris', weekly: { sun: [range('02:30-06:00')] }, closedDates: new Set() }
    // 02:30 CEST (00:30 UTC) comes before 02:30 CET (01:30 UTC) on 25 October 2026.
    expect(next(early, '2026-10-24T12:00:00Z')).toBe('2026-10-25T00:30:00.000Z')
  })

  it('is null when the schedule never opens', () => {
    expect(next({ timeZone: 'UTC', weekly: {}, closedDates: new Set() }, '2026-12-07T00:00:00Z')).toBeNull()
  })
})

describe('zoned time', () => {
  it('knows IANA zones through Intl and refuses others', () => {
    expect(isTimeZone('America/New_York')).toBe(true)
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false)
  })

  it('has no instant for a wall time the clocks jump over, and two for one they repeat', () => {
    expect(instantsOfWallTime('Europe/Paris', 2026, 3, 29, 150)).toEqual([])
    expect(instantsOfWallTime('Europe/Paris', 2026, 10, 25, 150)).toEqual([
      Date.parse('2026-10-25T00:30:00Z'),
      Date.parse('2026-10-25T01:30:00Z'),
    ])
    expect(firstInstantAtOrAfter('America/New_York', 2026, 3, 8, 150)).toBe(Date.parse('2026-03-08T07:00:00Z'))
  })
})
