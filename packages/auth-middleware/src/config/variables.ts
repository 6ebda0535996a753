import { z } from 'zod'

/** A configuration value is missing or malformed; `message` is one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Expected form of each variable, by name, for error messages. */
const forms = new Map<string, string>()

/** The human description of what `name` expects, as declared with {@link variable}. */
export function formOf(name: string): string {
  return forms.get(name) ?? 'a valid value'
}

/** Stops the start with a one-line message about `variableName`. */
export function fail(variableName: string, message: string): never {
  throw new ConfigError(message, variableName)
}

/** The message for a variable that must be set and is not: the same wording zod's missing values get. */
export function requireSet<T>(name: string, value: T | undefined, why = ''): T {
  if (value === undefined) fail(name, `${name} is required${why}: expected ${formOf(name)}`)
  return value
}

/**
 * Declares a variable: `name` is the variable, `form` a human description of the expected value.
 *
 * @example
 * const port = variable('PORT', 'a whole number', z.coerce.number().int())
 */
export function variable<T extends z.ZodType>(name: string, form: string, schema: T): T {
  forms.set(name, form)
  return schema
}

/**
 * A Twilio SID of one kind: its two-letter prefix and 32 hex characters, written once for the configuration
 * and for what Twilio posts.
 *
 * @example
 * sidPattern('CH').test('CH' + '0'.repeat(32)) // true
 */
export const sidPattern = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`)

export const sid = (name: string, prefix: string) =>
  variable(
    name,
    `${prefix} followed by 32 hex characters`,
    z.string().regex(sidPattern(prefix), {
      error: `${name} must look like ${prefix} followed by 32 hex characters`,
    }),
  )

export const optionalSid = (name: string, prefix: string) => sid(name, prefix).optional()

export const integer = (name: string, min: number, max: number, fallback: number) =>
  variable(name, `a whole number from ${min} to ${max}`, z.coerce.number().int().min(min).max(max)).default(fallback)

export const bool = (name: string, fallback: boolean) =>
  variable(
    name,
    'true or false',
    z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
  ).default(fallback)

export const list = (name: string, form: string) =>
  variable(name, form, z.string())
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )

export const secret = (name: string, minLength: number) =>
  variable(name, `a secret of at least ${minLength} characters`, z.string().min(minLength))

export const text = (name: string) => variable(name, 'a non-empty string', z.string())

export const httpsUrl = (name: string) =>
  variable(name, 'an https:// URL', z.url({ protocol: /^https$/, error: `${name} must be an https:// URL` }))
