import { INTENTS, type Intent, type Script } from './scripts/script.js'

/** Lower case, without accents, with typographic apostrophes made plain: "Técnico’s" → "tecnico's". */
function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019]/g, "'")
}

/** A word or phrase as a whole-word pattern: not inside another word ("pay" is not in "paypal"). */
function wholeWord(word: string): RegExp {
  const escaped = fold(word)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/ +/g, '\\s+')
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}([^\\p{L}\\p{N}]|$)`, 'u')
}

/**
 * Tells which intent a visitor's text shows, by the words of one or more scripts, tried in order (the
 * visitor's language, then English, which many visitors mix in). Case and accents do not matter.
 *
 * @example
 * const match = intentMatcher([es, en])
 * match('¿Puedo hablar con un agente?') // 'agent'
 * match('hola') // undefined
 */
export function intentMatcher(scripts: readonly Script[]): (text: string) => Intent | undefined {
  const patterns = scripts.map((script) => INTENTS.map((intent) => ({ intent, words: script.words[intent].map(wholeWord) })))
  return (text) => {
    const folded = fold(text)
    for (const rules of patterns) {
      const found = rules.find((rule) => rule.words.some((word) => word.test(folded)))
      if (found) return found.intent
    }
    return undefined
  }
}
