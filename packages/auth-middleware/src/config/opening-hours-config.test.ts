import { describe, expect, it } from 'vitest'
import { TEST_ENV } from '../../test/harness.js'
import { ConfigError, loadConfig } from './config.js'

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig({ ...TEST_ENV, ...env })
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return { variable: (err as ConfigError).variable, message: (err as ConfigError).message }
  }
  throw new Error('expected loadConfig to refuse this environment')
}

const hours = (value: unknown) => JSON.stringify(value)
const PARIS = { timeZone: 'Europe/Paris', weekly: { mon: ['09:00-17:00'] } }

describe('loadConfig: opening hours', () => {
  it('is always open when neither variable is set', () => {
    expect(loadConfig(TEST_ENV).openingHours).toEqual({ global: undefined, byTopic: {}, testNow: undefined })
  })

  it('reads the global schedule and one per topic (lower case), with closed dates and ranges past midnight', () => {
    const { openingHours } = loadConfig({
      ...TEST_ENV,
      OPENING_HOURS: hours({ ...PARIS, closedDates: ['2026-12-25'] }),
      OPENING_HOURS_BY_TOPIC: hours({ Billing: { timeZone: 'America/New_York', weekly: { fri: ['22:00-02:00', '08:00-24:00'] } } }),
    })
    expect(openingHours.global).toEqual({
      timeZone: 'Europe/Paris',
      weekly: { mon: [{ start: 540, end: 1020 }] },
      closedDates: new Set(['2026-12-25']),
    })
    expect(openingHours.byTopic.billing?.weekly.fri).toEqual([
      { start: 1320, end: 120 },
      { start: 480, end: 1440 },
    ])
  })

  it.each([
    [{ OPENING_HOURS: '{"timeZone":' }, 'OPENING_HOURS', /^OPENING_HOURS must be a JSON object such as/],
    [
      { OPENING_HOURS: hours({ ...PARIS, timeZone: 'Europe/Atlantis' }) },
      'OPENING_HOURS',
      /^OPENING_HOURS\.timeZone must be an IANA time zone .*"Europe\/Atlantis"/,
    ],
    [
      { OPENING_HOURS: hours({ ...PARIS, weekly: { monday: ['09:00-17:00'] } }) },
      'OPENING_HOURS',
      /^OPENING_HOURS\.weekly\.monday is not a weekday: expected one of sun, mon/,
    ],
    [
      { OPENING_HOURS: hours({ ...PARIS, weekly: { mon: ['9-17'] } }) },
      'OPENING_HOURS',
      /^OPENING_HOURS\.weekly\.mon\[0\] must be a time range "HH:MM-HH:MM"/,
    ],
    [{ OPENING_HOURS: hours({ ...PARIS, weekly: { mon: ['09:00-09:00'] } }) }, 'OPENING_HOURS', /weekly\.mon\[0\] must be a time range/],
    [{ OPENING_HOURS: hours({ ...PARIS, weekly: { mon: '09:00-17:00' } }) }, 'OPENING_HOURS', /^OPENING_HOURS\.weekly\.mon must be a list/],
    [
      { OPENING_HOURS: hours({ ...PARIS, closedDates: ['2026-02-30'] }) },
      'OPENING_HOURS',
      /^OPENING_HOURS\.closedDates\[0\] must be a date "YYYY-MM-DD"/,
    ],
    [{ OPENING_HOURS: hours({ ...PARIS, hours: {} }) }, 'OPENING_HOURS', /^OPENING_HOURS\.hours is not a known field/],
    [{ OPENING_HOURS: hours({ weekly: {} }) }, 'OPENING_HOURS', /^OPENING_HOURS\.timeZone must be an IANA time zone/],
    [{ OPENING_HOURS_BY_TOPIC: hours([PARIS]) }, 'OPENING_HOURS_BY_TOPIC', /^OPENING_HOURS_BY_TOPIC must be a JSON object of topic/],
    [
      { OPENING_HOURS_BY_TOPIC: hours({ billing: { ...PARIS, weekly: { tue: ['25:00-26:00'] } } }) },
      'OPENING_HOURS_BY_TOPIC',
      /^OPENING_HOURS_BY_TOPIC\.billing\.weekly\.tue\[0\] must be a time range/,
    ],
    [{ OPENING_HOURS_TEST_NOW: 'Friday evening' }, 'OPENING_HOURS_TEST_NOW', /^OPENING_HOURS_TEST_NOW must be an ISO 8601 instant/],
    [
      { NODE_ENV: 'production', OPENING_HOURS_TEST_NOW: '2026-12-04T17:30:00+01:00' },
      'OPENING_HOURS_TEST_NOW',
      /^OPENING_HOURS_TEST_NOW is for development and tests/,
    ],
  ])('refuses %j, naming the variable and the field', (env, variable, message) => {
    const refused = refusal(env)
    expect(refused.variable).toBe(variable)
    expect(refused.message).toMatch(message)
  })

  it('takes a test clock outside production', () => {
    expect(loadConfig({ ...TEST_ENV, OPENING_HOURS_TEST_NOW: '2026-12-04T17:30:00+01:00' }).openingHours.testNow?.toISOString()).toBe(
      '2026-12-04T16:30:00.000Z',
    )
  })
})
