import { describe, expect, it, vi } from 'vitest'
import { catalogTagFor, loadCatalog, SUPPORTED_LOCALES } from './catalogs.js'
import { en } from './en.js'
import { loadPhrasebook, phrasebookFor, placeholdersOf, visitorLocale } from './visitor-locale.js'

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
  it.each(SUPPORTED_LOCALES)('%s has every sentence, with the placeholders of the English one', async (tag) => {
    const catalog = await loadCatalog(tag)
    for (const [key, template] of Object.entries(en)) {
      const translated = catalog[key as keyof typeof en]
      expect(translated.trim(), key).not.toBe('')
      expect(placeholdersOf(translated).sort(), key).toEqual(placeholdersOf(template).sort())
    }
  })
})

describe('phrasebookFor', () => {
  it('formats dates and numbers in the locale only when its sentences are in that language', async () => {
    expect((await loadPhrasebook('es-MX')).locale).toBe('es-MX')
    expect((await loadPhrasebook('es-MX')).say('ratingSkip')).toBe('Omitir')
    expect(phrasebookFor('ja').locale).toBe('en')
    expect(phrasebookFor('ja', { ratingSkip: 'スキップ' }).locale).toBe('ja')
    expect(phrasebookFor(undefined).say('ratingSkip')).toBe(en.ratingSkip)
  })

  it('falls back to English, with a warning, when the catalog chunk cannot be loaded', async () => {
    const warnings: string[] = []
    const logger = { debug: () => undefined, info: () => undefined, warn: (text: string) => warnings.push(text), error: () => undefined }
    vi.doMock('./de.js', () => {
      throw new Error('Failed to fetch dynamically imported module')
    })
    const phrasebook = await loadPhrasebook('de', {}, logger)
    vi.doUnmock('./de.js')
    expect(phrasebook.say('ratingSkip')).toBe(en.ratingSkip)
    expect(warnings).toEqual([expect.stringMatching(/Failed to load the adapter's "de" sentences/)])
  })
})
