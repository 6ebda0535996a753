import { LOCALE_PATTERN } from '@flex-escalate/api/limits'

/** What the sign-in frame takes per language: a BCP 47 tag (`es`, `en-GB`), at most ten of them. */
const TAG = new RegExp(LOCALE_PATTERN)
const MAX_LANGUAGES = 10

/**
 * The languages an agent typed at sign-in, as tags: separated by commas, spaces or semicolons, each once,
 * anything that is no language tag left out.
 *
 * @example
 * parseLanguages('es, en-GB;es  fr') // ['es', 'en-GB', 'fr']
 */
export function parseLanguages(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((tag) => TAG.test(tag)))].slice(0, MAX_LANGUAGES)
}
