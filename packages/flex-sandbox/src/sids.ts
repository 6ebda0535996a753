import { randomBytes } from 'node:crypto'

/** Twilio's two-letter SID prefixes for the resources the sandbox models. */
export const SID_PREFIX = {
  worker: 'WK',
  task: 'WT',
  reservation: 'WR',
  taskQueue: 'WQ',
  workflow: 'WW',
  transfer: 'TT',
  chat: 'CH',
  member: 'MB',
  message: 'IM',
  media: 'ME',
} as const

export type SidPrefix = (typeof SID_PREFIX)[keyof typeof SID_PREFIX]

/**
 * A new SID shaped like Twilio's: two capital letters and 32 lower-case hex digits, so code and logs that
 * recognise a `WT…` or `CH…` treat sandbox SIDs exactly like real ones.
 *
 * @example
 * newSid('WT') // 'WT3f9c0b2e…' (34 characters)
 */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex')
}

/** True when `value` is a SID with that prefix (or any Twilio-shaped SID without one). */
export function isSid(value: string, prefix?: SidPrefix): boolean {
  return /^[A-Z]{2}[0-9a-f]{32}$/.test(value) && (prefix === undefined || value.startsWith(prefix))
}
