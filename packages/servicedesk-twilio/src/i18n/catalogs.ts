import { de } from './de.js'
import { type Catalog, en } from './en.js'
import { es } from './es.js'
import { fr } from './fr.js'
import { ptBR } from './pt-BR.js'

/**
 * The languages the adapter speaks, by BCP 47 tag. Adding one is a catalog file beside `en.ts` and a line
 * here; a page can also bring its own with the `locale` and `messages` options (README, "Languages").
 */
export const catalogs: Readonly<Record<string, Catalog>> = { en, es, fr, de, 'pt-BR': ptBR }

const primary = (tag: string) => tag.split('-')[0]?.toLowerCase()

/**
 * The catalog tag for a locale: the same tag (`pt-BR`, any case), else the same language (`es-MX` is `es`,
 * `pt-PT` is `pt-BR`); `undefined` when the adapter has no catalog in that language.
 *
 * @example
 * catalogTagFor('es-MX') // 'es'
 * catalogTagFor('ja') // undefined
 */
export function catalogTagFor(locale: string): string | undefined {
  const tags = Object.keys(catalogs)
  return tags.find((tag) => tag.toLowerCase() === locale.toLowerCase()) ?? tags.find((tag) => primary(tag) === primary(locale))
}
