import { describe, expect, it } from 'vitest'
import { catalogs, catalogTagFor } from './catalogs.js'
import { en } from './en.js'
import { phrasebookFor, placeholdersOf, visitorLocale } from './visitor-locale.js'

describe('catalogTagFor', () => {
  it.each([
    ['es', 'es'],
    ['es-MX', 'es'],
    ['PT-br', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['de-CH', 'de'],
    ['fr-CA', 'fr'],
    ['en-GB', 'en'],
    ['ja', undefined],
    ['zh-Hant-TW', undefined],
  ])('%s → %s', (locale, tag) => {
    expect(catalogTagFor(locale)).toBe(tag)
  })
})

describe('visitorLocale', () => {
  it("takes the option as given, else the first browser language with a catalog, else the browser's first", () => {
    expect(visitorLocale('fr-CA', ['de'])).toBe('fr-CA')
    expect(visitorLocale(undefined, ['ja-JP', 'es-MX', 'en'])).toBe('es-MX')
    expect(visitorLocale(undefined, ['ja-JP', 'ko'])).toBe('ja-JP')
    expect(visitorLocale(undefined, ['not a tag', 'de-AT'])).toBe('de-AT')
    expect(visitorLocale(undefined, [])).toBeUndefined()
  })
})

describe('every catalog', () => {
  it.each(Object.entries(catalogs))('%s has every sentence, with the placeholders of the English one', (_tag, catalog) => {
    for (const [key, template] of Object.entries(en)) {
      const translated = catalog[key as keyof typeof en]
      expect(translated.trim(), key).not.toBe('')
      expect(placeholdersOf(translated).sort(), key).toEqual(placeholdersOf(template).sort())
    }
  })
})

describe('phrasebookFor', () => {
  it('formats dates and numbers in the locale only when its sentences are in that language', () => {
    expect(phrasebookFor('es-MX').locale).toBe('es-MX')
    expect(phrasebookFor('ja').locale).toBe('en')
    expect(phrasebookFor('ja', { ratingSkip: 'スキップ' }).locale).toBe('ja')
    expect(phrasebookFor(undefined).say('ratingSkip')).toBe(en.ratingSkip)
  })
})
