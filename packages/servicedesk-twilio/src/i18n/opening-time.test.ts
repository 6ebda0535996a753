import { describe, expect, it } from 'vitest'
import { en } from './en.js'
import { closedSentence, openingTimeParts } from './opening-time.js'
import { ENGLISH, Phrasebook } from './phrasebook.js'
import { loadPhrasebook } from './visitor-locale.js'

/** Friday 4 December 2026, 17:30 in Paris. */
const FRIDAY_EVENING = new Date('2026-12-04T16:30:00Z')

describe('openingTimeParts', () => {
  it('names a day within six days by its weekday, with the time and short zone name of the queue', () => {
    expect(openingTimeParts('en-GB', '2026-12-07T08:00:00Z', 'Europe/Paris', FRIDAY_EVENING)).toEqual({
      day: 'Monday',
      kind: 'weekday',
      time: '09:00',
      zone: 'CET',
    })
    expect(openingTimeParts('en-US', '2026-12-10T08:00:00Z', 'Europe/Paris', FRIDAY_EVENING).day).toBe('Thursday')
  })

  it('says today and tomorrow, by the calendar of the queue zone', () => {
    // 23:30 on Friday in Paris: Saturday 09:00 is tomorrow there, 9.5 hours later.
    const late = new Date('2026-12-04T22:30:00Z')
    expect(openingTimeParts('en', '2026-12-05T08:00:00Z', 'Europe/Paris', late).day).toBe('tomorrow')
    expect(openingTimeParts('en', '2026-12-04T20:00:00Z', 'Europe/Paris', FRIDAY_EVENING).day).toBe('today')
  })

  it('gives the date beyond six days', () => {
    expect(openingTimeParts('en-GB', '2026-12-11T08:00:00Z', 'Europe/Paris', FRIDAY_EVENING).day).toBe('11 December')
  })

  it('writes the time on the queue clock across a DST change, and its zone as it is then', () => {
    // Friday 27 March 2026; Paris goes to summer time on Sunday: Monday 09:00 CEST is 07:00 UTC.
    expect(openingTimeParts('en-GB', '2026-03-30T07:00:00Z', 'Europe/Paris', new Date('2026-03-27T16:30:00Z'))).toEqual({
      day: 'Monday',
      kind: 'weekday',
      time: '09:00',
      zone: 'CEST',
    })
  })

  it("formats in the visitor's locale", () => {
    expect(openingTimeParts('es', '2026-12-07T08:00:00Z', 'Europe/Paris', FRIDAY_EVENING)).toEqual({
      day: 'lunes',
      kind: 'weekday',
      time: '09:00',
      zone: 'CET',
    })
    expect(openingTimeParts('de', '2026-12-07T08:00:00Z', 'Europe/Paris', FRIDAY_EVENING)).toEqual({
      day: 'Montag',
      kind: 'weekday',
      time: '09:00',
      zone: 'MEZ',
    })
    expect(openingTimeParts('fr', '2026-12-05T08:00:00Z', 'Europe/Paris', FRIDAY_EVENING).day).toBe('demain')
  })

  it('writes UTC for a zone the runtime does not know', () => {
    expect(openingTimeParts('en', '2026-12-07T08:00:00Z', 'Mars/Olympus_Mons', FRIDAY_EVENING)).toMatchObject({
      time: '08:00',
      zone: 'UTC',
    })
  })
})

describe('closedSentence', () => {
  it('fills the closed sentence of the phrasebook', () => {
    expect(closedSentence(ENGLISH, { nextOpening: '2026-12-07T14:00:00Z', timeZone: 'America/New_York' }, FRIDAY_EVENING)).toBe(
      "We're closed now. We open Monday at 09:00 (EST).",
    )
    const british = new Phrasebook('en-GB', en)
    expect(closedSentence(british, { nextOpening: '2026-12-07T08:00:00Z', timeZone: 'Europe/Paris' }, FRIDAY_EVENING)).toBe(
      "We're closed now. We open Monday at 09:00 (CET).",
    )
  })

  it('puts the words of the language around a weekday or a date, not around tomorrow', async () => {
    const closed = (nextOpening: string) => ({ nextOpening, timeZone: 'Europe/Paris' })
    expect(closedSentence(ENGLISH, closed('2026-12-11T08:00:00Z'), FRIDAY_EVENING)).toBe(
      "We're closed now. We open on December 11 at 09:00 (GMT+1).",
    )
    expect(closedSentence(ENGLISH, closed('2026-12-05T08:00:00Z'), FRIDAY_EVENING)).toBe(
      "We're closed now. We open tomorrow at 09:00 (GMT+1).",
    )
    const spanish = await loadPhrasebook('es-ES')
    expect(closedSentence(spanish, closed('2026-12-07T08:00:00Z'), FRIDAY_EVENING)).toBe(
      'Ahora estamos cerrados. Abrimos el lunes a las 09:00 (CET).',
    )
    expect(closedSentence(spanish, closed('2026-12-05T08:00:00Z'), FRIDAY_EVENING)).toBe(
      'Ahora estamos cerrados. Abrimos mañana a las 09:00 (CET).',
    )
    expect(closedSentence(spanish, closed('2026-12-11T08:00:00Z'), FRIDAY_EVENING)).toBe(
      'Ahora estamos cerrados. Abrimos el 11 de diciembre a las 09:00 (CET).',
    )
  })

  it('falls back to closedNoOpening without a next opening, or with one it cannot read', () => {
    expect(closedSentence(ENGLISH, { nextOpening: null, timeZone: 'Europe/Paris' }, FRIDAY_EVENING)).toBe(en.closedNoOpening)
    expect(closedSentence(ENGLISH, { nextOpening: 'soon', timeZone: 'Europe/Paris' }, FRIDAY_EVENING)).toBe(en.closedNoOpening)
  })
})
