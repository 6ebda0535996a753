import { z } from 'zod'
import { variable } from './variables.js'

/** `P[nD][T[nH][nM][nS]]`: the ISO 8601 durations Twilio's conversation timers take (no years or months: their length varies). */
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/

/**
 * Seconds in an ISO 8601 duration of days, hours, minutes and seconds; `undefined` when it is not one.
 *
 * @example
 * isoDurationSeconds('PT1H30M') // 5400
 * isoDurationSeconds('P1D') // 86400
 */
export function isoDurationSeconds(text: string): number | undefined {
  const match = ISO_DURATION.exec(text)
  if (!match || text === 'P' || text.endsWith('T')) return undefined
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)
}

/**
 * A variable holding an ISO 8601 duration of at least `minSeconds` (Twilio's own minimum), or `off`.
 * Normalised to `{ iso, seconds }`, or `undefined` for `off`.
 *
 * @example
 * const closed = isoDuration('TWILIO_CONVERSATION_CLOSED_AFTER', 600, 'P1D')
 */
export const isoDuration = (name: string, minSeconds: number, fallback: string) =>
  variable(
    name,
    `an ISO 8601 duration of at least ${minSeconds / 60} minutes, such as PT30M or P1D, or off`,
    z
      .string()
      .trim()
      .refine((v) => v === 'off' || (isoDurationSeconds(v) ?? -1) >= minSeconds, {
        error: `${name} must be an ISO 8601 duration of at least ${minSeconds / 60} minutes (such as PT30M, PT12H or P1D), or off`,
      })
      .transform((v) => (v === 'off' ? undefined : { iso: v, seconds: isoDurationSeconds(v) ?? 0 })),
  ).prefault(fallback)
