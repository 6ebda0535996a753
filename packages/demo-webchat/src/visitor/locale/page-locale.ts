import { isLocaleTag } from '@flex-escalate/api/limits'

// The test `/auth` applies, written once in the contract; re-exported for the page's other callers.
export { isLocaleTag }

/** The locale when neither the page URL nor the browser names a usable one. */
export const FALLBACK_LOCALE = 'en'

/**
 * The one locale of the visitor's chat: `?lang=xx` in the page URL when it is a valid BCP 47 tag (so a demo
 * can be shown in another language without changing the browser), else the browser's `navigator.language`,
 * else English. Everything the chat shows and sends follows it: the adapter, the assistant, Carbon's strings
 * and the chat's `lang`, so no part of the chat speaks another language than the rest.
 *
 * @example
 * pageLocale('?lang=es', 'en-US') // 'es'
 * pageLocale('?lang=not a tag', 'fr-CA') // 'fr-CA'
 * pageLocale('', undefined) // 'en'
 */
export function pageLocale(search: string, navigatorLanguage: string | undefined): string {
  const requested = new URLSearchParams(search).get('lang')?.trim()
  if (isLocaleTag(requested)) return requested
  return isLocaleTag(navigatorLanguage) ? navigatorLanguage : FALLBACK_LOCALE
}
