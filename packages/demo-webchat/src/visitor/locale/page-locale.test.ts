import { describe, expect, it } from 'vitest'
import { FALLBACK_LOCALE, isLocaleTag, pageLocale } from './page-locale.js'

describe('pageLocale', () => {
  it('takes ?lang= from the page URL over the browser language', () => {
    expect(pageLocale('?lang=es', 'en-US')).toBe('es')
    expect(pageLocale('?middleware=http%3A%2F%2F127.0.0.1%3A4000&lang=pt-BR', 'de-DE')).toBe('pt-BR')
    expect(pageLocale('?lang=%20fr-CA%20', 'en')).toBe('fr-CA')
  })

  it('ignores a ?lang= that is no language tag, and takes the browser language', () => {
    expect(pageLocale('?lang=not%20a%20tag', 'es-ES')).toBe('es-ES')
    expect(pageLocale('?lang=', 'es-ES')).toBe('es-ES')
    expect(pageLocale('?lang=e', 'de')).toBe('de')
    expect(pageLocale(`?lang=es-${'x'.repeat(40)}`, 'de')).toBe('de')
    expect(pageLocale('?debug=1', 'fr')).toBe('fr')
  })

  it('falls back to English when neither names a usable locale', () => {
    expect(pageLocale('', undefined)).toBe(FALLBACK_LOCALE)
    expect(pageLocale('?lang=%3Cscript%3E', '')).toBe('en')
    expect(pageLocale('', 'es_ES')).toBe('en')
  })
})

describe('isLocaleTag', () => {
  it('accepts the tags /auth accepts and refuses the rest', () => {
    expect(['es', 'pt-BR', 'zh-Hant-TW', 'fil'].filter(isLocaleTag)).toHaveLength(4)
    expect([null, undefined, '', 'e', 'es_ES', 'es-', '1234'].filter(isLocaleTag)).toEqual([])
  })
})
