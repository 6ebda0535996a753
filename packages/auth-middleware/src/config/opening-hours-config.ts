import { type OpeningHours, type OpeningRange, WEEKDAYS, type Weekday } from '../hours/opening-hours.js'
import { isTimeZone } from '../hours/zoned-time.js'
import type { Env } from './env-schema.js'
import { fail } from './variables.js'

/** When chats are taken: one schedule for every topic and/or one per topic; none at all: always open. */
export interface OpeningHoursConfig {
  /** The schedule of topics without one of their own; undefined: those are always open. */
  global: OpeningHours | undefined
  /** topic (lower case) → its queue's schedule. */
  byTopic: Readonly<Record<string, OpeningHours>>
  /**
   * Development and tests only (`OPENING_HOURS_TEST_NOW`): the opening hours read a clock that showed this
   * instant when the middleware started, and runs on from there. Undefined: the real clock.
   */
  testNow: Date | undefined
}

export const OPENING_HOURS_FORM =
  'a JSON object such as {"timeZone":"Europe/Paris","weekly":{"mon":["09:00-17:00"],"tue":["09:00-12:00","13:00-17:00"]},"closedDates":["2026-12-25"]}'
export const OPENING_HOURS_BY_TOPIC_FORM =
  'a JSON object of topic → opening hours, such as {"billing":{"timeZone":"Europe/Paris","weekly":{...}}}'

const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseRange(variable: string, where: string, text: unknown): OpeningRange {
  const match = typeof text === 'string' ? RANGE.exec(text) : null
  const start = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN
  const end = match ? Number(match[3]) * 60 + Number(match[4]) : Number.NaN
  if (!match || end > 1440 || start === end) {
    fail(
      variable,
      `${where} must be a time range "HH:MM-HH:MM" such as "09:00-17:00" (24-hour, end up to 24:00; an end before the start runs past midnight), got ${JSON.stringify(text)}`,
    )
  }
  return { start, end: end === 0 ? 1440 : end }
}

function parseDate(variable: string, where: string, text: unknown): string {
  const match = typeof text === 'string' ? DATE.exec(text) : null
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0]
  const real = match && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12
  if (!real) fail(variable, `${where} must be a date "YYYY-MM-DD" such as "2026-12-25", got ${JSON.stringify(text)}`)
  return text as string
}

/**
 * One schedule, from its JSON form: `timeZone` (IANA, checked with Intl), `weekly` (weekday → list of
 * "HH:MM-HH:MM"), `closedDates` (optional list of "YYYY-MM-DD"). `where` names it in error messages.
 */
export function parseOpeningHours(variable: string, where: string, value: unknown): OpeningHours {
  if (!isObject(value)) fail(variable, `${where} must be a JSON object with timeZone, weekly and optionally closedDates`)
  for (const key of Object.keys(value)) {
    if (!['timeZone', 'weekly', 'closedDates'].includes(key)) {
      fail(variable, `${where}.${key} is not a known field: expected timeZone, weekly and closedDates`)
    }
  }
  const { timeZone, weekly, closedDates = [] } = value
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) {
    fail(
      variable,
      `${where}.timeZone must be an IANA time zone such as "Europe/Paris" or "America/New_York", got ${JSON.stringify(timeZone)}`,
    )
  }
  if (!isObject(weekly)) fail(variable, `${where}.weekly must be an object of weekday (${WEEKDAYS.join(', ')}) → list of "HH:MM-HH:MM"`)
  const days: Partial<Record<Weekday, OpeningRange[]>> = {}
  for (const [day, ranges] of Object.entries(weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      fail(variable, `${where}.weekly.${day} is not a weekday: expected one of ${WEEKDAYS.join(', ')}`)
    }
    if (!Array.isArray(ranges)) fail(variable, `${where}.weekly.${day} must be a list such as ["09:00-17:00"]`)
    days[day as Weekday] = ranges.map((range, index) => parseRange(variable, `${where}.weekly.${day}[${index}]`, range))
  }
  if (!Array.isArray(closedDates)) fail(variable, `${where}.closedDates must be a list of "YYYY-MM-DD" dates`)
  const dates = closedDates.map((date, index) => parseDate(variable, `${where}.closedDates[${index}]`, date))
  return { timeZone, weekly: days, closedDates: new Set(dates) }
}

function parseJson(variable: string, text: string, form: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    return fail(variable, `${variable} must be ${form} (${(error as Error).message})`)
  }
}

/**
 * The opening hours, from `OPENING_HOURS` (every topic) and `OPENING_HOURS_BY_TOPIC` (topic → its own), both
 * JSON; neither set: always open. Every mistake stops the start with its place named (`OPENING_HOURS.weekly.mon[0]`).
 *
 * @example
 * toOpeningHoursConfig(env).global?.timeZone // 'Europe/Paris' with OPENING_HOURS={"timeZone":"Europe/Paris",...}
 */
export function toOpeningHoursConfig(env: Env): OpeningHoursConfig {
  const global =
    env.OPENING_HOURS === undefined
      ? undefined
      : parseOpeningHours('OPENING_HOURS', 'OPENING_HOURS', parseJson('OPENING_HOURS', env.OPENING_HOURS, OPENING_HOURS_FORM))
  const byTopic: Record<string, OpeningHours> = {}
  if (env.OPENING_HOURS_BY_TOPIC !== undefined) {
    const name = 'OPENING_HOURS_BY_TOPIC'
    const topics = parseJson(name, env.OPENING_HOURS_BY_TOPIC, OPENING_HOURS_BY_TOPIC_FORM)
    if (!isObject(topics)) fail(name, `${name} must be ${OPENING_HOURS_BY_TOPIC_FORM}`)
    for (const [topic, hours] of Object.entries(topics)) {
      byTopic[topic.trim().toLowerCase()] = parseOpeningHours(name, `${name}.${topic}`, hours)
    }
  }
  if (env.OPENING_HOURS_TEST_NOW !== undefined && env.NODE_ENV === 'production') {
    fail('OPENING_HOURS_TEST_NOW', 'OPENING_HOURS_TEST_NOW is for development and tests: unset it when NODE_ENV=production')
  }
  return { global, byTopic, testNow: env.OPENING_HOURS_TEST_NOW }
}
