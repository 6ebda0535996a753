import { describe, expect, it } from 'vitest'
import { intentMatcher } from '../intent-matcher.js'
import { de } from './de.js'
import { en } from './en.js'
import { es } from './es.js'
import { fr } from './fr.js'
import { ptBR } from './pt-BR.js'
import { GREETING_OPTIONS, INTENTS } from './script.js'
import { SCRIPTS, scriptFor } from './script-for.js'

describe('scriptFor', () => {
  it.each([
    ['es', es.locale, es],
    ['es-MX', es.locale, es],
    ['es-419', es.locale, es],
    ['fr-CA', fr.locale, fr],
    ['de-CH', de.locale, de],
    ['pt-BR', ptBR.locale, ptBR],
    ['PT-br', ptBR.locale, ptBR],
    ['pt', ptBR.locale, ptBR],
    ['pt-PT', ptBR.locale, ptBR],
    ['en-GB', en.locale, en],
    ['zh-TW', en.locale, en],
    ['ja', en.locale, en],
    [undefined, en.locale, en],
  ])('answers %s in the %s script', (locale, _tag, script) => {
    expect(scriptFor(locale)).toBe(script)
  })

  it('finds every catalog by its own locale tag, in any case', () => {
    for (const script of SCRIPTS) {
      expect(scriptFor(script.locale)).toBe(script)
      expect(scriptFor(script.locale.toUpperCase())).toBe(script)
    }
  })
})

describe('every catalog', () => {
  it('has one catalog per locale', () => {
    expect(new Set(SCRIPTS.map((script) => script.locale.toLowerCase())).size).toBe(SCRIPTS.length)
  })

  it.each(SCRIPTS.map((script) => [script.locale, script] as const))(
    '%s: each greeting option contains one of its intent words and is understood as that intent',
    (_locale, script) => {
      // The scripted assistant's own matcher for this language: the visitor's words, then English.
      const match = intentMatcher(script === en ? [en] : [script, en])
      for (const intent of GREETING_OPTIONS) {
        const label = script.options[intent]
        const ownWords = intentMatcher([{ ...script, words: onlyWordsOf(script.words, intent) }])
        expect(ownWords(label), `${script.locale} option "${label}" has none of the ${intent} words`).toBe(intent)
        // A click sends the label as the visitor's text: it must not be taken for an earlier intent.
        expect(match(label), `${script.locale} option "${label}"`).toBe(intent)
      }
    },
  )

  it.each(SCRIPTS.map((script) => [script.locale, script] as const))('%s: every intent has words and an answer', (_locale, script) => {
    for (const intent of INTENTS) {
      expect(script.words[intent].length, `${script.locale} ${intent}`).toBeGreaterThan(0)
      expect(script.answers[intent].trim(), `${script.locale} ${intent}`).not.toBe('')
    }
  })
})

/** The catalog's words with every intent but `keep` emptied: a matcher of that one intent's words. */
function onlyWordsOf<W extends Record<string, readonly string[]>>(words: W, keep: keyof W): W {
  return Object.fromEntries(Object.entries(words).map(([intent, list]) => [intent, intent === keep ? list : []])) as W
}
