import { bestLocaleMatch } from '@flex-escalate/api/escalation'
import { de } from './de.js'
import { en } from './en.js'
import { es } from './es.js'
import { fr } from './fr.js'
import { ptBR } from './pt-BR.js'
import type { Script } from './script.js'

/** Every language the scripted assistant speaks; adding one is a catalog file and a line here. */
export const SCRIPTS: readonly Script[] = [en, es, fr, de, ptBR]

/**
 * The script for a visitor's BCP 47 locale: the exact tag (`pt-BR`), else the same language (`es-MX` is
 * answered in `es`, `pt-PT` in `pt-BR`), else English.
 *
 * @example
 * scriptFor('es-ES').locale // 'es'
 * scriptFor('ja').locale // 'en'
 */
export function scriptFor(locale: string | undefined): Script {
  const tag = bestLocaleMatch(
    locale,
    SCRIPTS.map((script) => script.locale),
  )
  return SCRIPTS.find((script) => script.locale === tag) ?? en
}
