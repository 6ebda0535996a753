import { describe, expect, it } from 'vitest'
import { ASSISTANT_EN, ASSISTANT_STRINGS, assistantStringsFor } from './assistant-strings.js'

describe('assistantStringsFor', () => {
  it('says the assistant is unavailable in the page language, English when it has none', () => {
    expect(assistantStringsFor('es-ES').unavailable).toBe('Lo sentimos, el asistente no está disponible en este momento.')
    expect(assistantStringsFor('de-AT')).toBe(ASSISTANT_STRINGS.de)
    expect(assistantStringsFor('ja')).toBe(ASSISTANT_EN)
  })

  it('has a sentence in every language', () => {
    for (const strings of Object.values(ASSISTANT_STRINGS)) expect(strings.unavailable).not.toBe(ASSISTANT_EN.unavailable)
  })
})
