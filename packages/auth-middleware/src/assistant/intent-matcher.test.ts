import { describe, expect, it } from 'vitest'
import { intentMatcher } from './intent-matcher.js'
import { de } from './scripts/de.js'
import { en } from './scripts/en.js'
import { es } from './scripts/es.js'
import { fr } from './scripts/fr.js'

describe('intentMatcher', () => {
  const spanish = intentMatcher([es, en])

  it('ignores case and accents, in the text and in the words', () => {
    expect(es.words.technical).toContain('técnico')
    for (const text of ['técnico', 'TECNICO', 'Técnico', 'TÉCNICO', 'un problema tecnico', 'te\u0301cnico']) {
      expect(spanish(text), text).toBe('technical')
    }
    // German: "Öffnungszeiten" typed without the umlaut.
    expect(intentMatcher([de, en])('OFFNUNGSZEITEN?')).toBe('hours')
  })

  it("tries the visitor's language first, then English", () => {
    expect(es.words.agent).not.toContain('agent')
    expect(spanish('Quiero hablar con un agent')).toBe('agent')
    expect(spanish('refund')).toBe('billing')
    // English alone does not know Spanish words.
    expect(intentMatcher([en])('factura')).toBeUndefined()
  })

  it('reads "ne charge pas" as French for a page that does not load, not as the English billing word "charge"', () => {
    expect(en.words.billing).toContain('charge')
    expect(intentMatcher([fr, en])('Le site ne charge pas')).toBe('technical')
  })

  it('prefers a match in the first script over an earlier intent in a later one', () => {
    // "person" is an English agent word; "factura" a Spanish billing one: Spanish is tried first, wholly.
    expect(spanish('factura person')).toBe('billing')
  })

  it('matches whole words and phrases only, across any spacing', () => {
    expect(spanish('no   funciona')).toBe('technical')
    expect(spanish('pagaré')).toBeUndefined()
    expect(spanish('paypal')).toBeUndefined()
  })

  it('reads typographic apostrophes as plain ones', () => {
    expect(fr.words.agent).toContain("quelqu'un")
    expect(intentMatcher([fr, en])('Je veux parler à quelqu\u2019un')).toBe('agent')
  })

  it('answers undefined for text it does not understand', () => {
    expect(spanish('hola')).toBeUndefined()
    expect(spanish('')).toBeUndefined()
  })
})
