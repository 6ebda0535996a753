import { bestLocaleMatch } from '@flex-escalate/api/escalation'

/**
 * The catalog for a locale among `catalogs` (keyed by BCP 47 tag): the same tag in any case, else the same
 * language (`es-MX` takes `es`, `pt-PT` takes `pt-BR`), else `fallback` (the English one), as the adapter
 * picks its own catalogs, so the page's texts and the adapter's never disagree on the language.
 *
 * @example
 * catalogFor('es-MX', { es: 'hola', 'pt-BR': 'olá' }, 'hello') // 'hola'
 * catalogFor('ja', { es: 'hola' }, 'hello') // 'hello'
 */
export function catalogFor<T>(locale: string, catalogs: Readonly<Record<string, T>>, fallback: T): T {
  const tag = bestLocaleMatch(locale, Object.keys(catalogs))
  return tag === undefined ? fallback : (catalogs[tag] ?? fallback)
}
