import { bestLocaleMatch } from '@flex-escalate/api/escalation'
import { type Catalog, en } from './en.js'

/**
 * The languages the adapter speaks besides English, each its own chunk: a page loads the one its visitor
 * reads, when the desk is created, and none of the others (README, "Bundle size"). Adding a language is a
 * catalog file beside `en.ts` and a line here; a page can bring its own with `locale` and `messages`.
 */
const loaders: Readonly<Record<string, () => Promise<Catalog>>> = {
  es: () => import('./es.js').then((module) => module.es),
  fr: () => import('./fr.js').then((module) => module.fr),
  de: () => import('./de.js').then((module) => module.de),
  'pt-BR': () => import('./pt-BR.js').then((module) => module.ptBR),
}

/** Every language the adapter ships sentences in, by BCP 47 tag. */
export const SUPPORTED_LOCALES: readonly string[] = ['en', ...Object.keys(loaders)]

/**
 * The catalog tag for a locale: the same tag (`pt-BR`, any case), else the same language (`es-MX` is `es`,
 * `pt-PT` is `pt-BR`); `undefined` when the adapter has no catalog in that language.
 *
 * @example
 * catalogTagFor('es-MX') // 'es'
 * catalogTagFor('ja') // undefined
 */
export function catalogTagFor(locale: string): string | undefined {
  return bestLocaleMatch(locale, SUPPORTED_LOCALES)
}

/**
 * The sentences of a catalog tag (one of {@link SUPPORTED_LOCALES}); English is at hand, the others are
 * fetched as chunks. Rejects when a chunk cannot be loaded.
 *
 * @example
 * (await loadCatalog('es')).ratingSkip // 'Omitir'
 */
export async function loadCatalog(tag: string): Promise<Catalog> {
  const load = loaders[tag]
  return load ? load() : en
}
