import { isLocaleTag } from '@flex-escalate/api/limits'
import type { Logger } from '../logger.js'
import { catalogTagFor, loadCatalog } from './catalogs.js'
import { type Catalog, en, type MessageKey } from './en.js'
import { Phrasebook } from './phrasebook.js'

const PLACEHOLDER = /\{(\w+)\}/g

/** The browser's languages, best first (`navigator.languages`, else `navigator.language`). */
function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return []
  if (Array.isArray(navigator.languages) && navigator.languages.length > 0) return navigator.languages
  return navigator.language ? [navigator.language] : []
}

/**
 * The visitor's locale: the page's `locale` option as given, else the first of the browser's languages the
 * adapter has a catalog for, else the browser's first language; `undefined` when the browser tells none.
 * It picks the sentences and reaches Flex as the task's `language`, so the agent speaks what the visitor reads.
 *
 * @example
 * visitorLocale(undefined, ['ja-JP', 'es-MX', 'en']) // 'es-MX'
 * visitorLocale('fr-CA', ['de']) // 'fr-CA'
 */
export function visitorLocale(option: string | undefined, languages: readonly string[] = browserLanguages()): string | undefined {
  if (option !== undefined) return option
  const valid = languages.filter(isLocaleTag)
  return valid.find((language) => catalogTagFor(language) !== undefined) ?? valid[0]
}

/** The `{name}` placeholders of a template. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string)
}

/**
 * The sentences for a locale: its catalog (by tag, else by language, else English; `catalog` when already
 * loaded), with the page's `messages` over it (checked by `resolveOptions` first). Dates and numbers follow
 * the locale when it has a catalog or the page brings `messages`; English sentences keep English formats,
 * so none reads half-translated.
 *
 * @example
 * phrasebookFor('en', { ratingSkip: 'No thanks' }).say('ratingSkip') // 'No thanks'
 */
export function phrasebookFor(locale: string | undefined, messages: Partial<Catalog> = {}, catalog: Catalog = en): Phrasebook {
  const tag = locale === undefined ? undefined : catalogTagFor(locale)
  const formatsIn = tag !== undefined || Object.keys(messages).length > 0 ? (locale ?? 'en') : 'en'
  return new Phrasebook(formatsIn, { ...catalog, ...messages })
}

/**
 * {@link phrasebookFor} once the locale's catalog chunk is loaded; English (with `messages`) and a warning
 * when the chunk cannot be, so the desk still works.
 *
 * @example
 * (await loadPhrasebook('es-MX')).say('ratingSkip') // 'Omitir'
 */
export async function loadPhrasebook(locale: string | undefined, messages: Partial<Catalog> = {}, logger?: Logger): Promise<Phrasebook> {
  const tag = locale === undefined ? undefined : catalogTagFor(locale)
  if (tag === undefined) return phrasebookFor(locale, messages)
  try {
    return phrasebookFor(locale, messages, await loadCatalog(tag))
  } catch (error) {
    logger?.warn(
      `Failed to load the adapter's "${tag}" sentences, so the visitor reads English. Please check that the page can load the adapter's chunks.`,
      error,
    )
    return phrasebookFor(undefined, messages)
  }
}

/** The catalog keys, for checking a page's `messages`. */
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[]
