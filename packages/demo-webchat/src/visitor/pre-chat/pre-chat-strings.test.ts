import { describe, expect, it } from 'vitest'
import { PRE_CHAT_QUESTIONS } from '../../shared/pre-chat-questions.js'
import { PRE_CHAT_EN, PRE_CHAT_STRINGS, preChatStringsFor, questionText } from './pre-chat-strings.js'

describe('the pre-chat form texts', () => {
  it.each(Object.entries({ en: PRE_CHAT_EN, ...PRE_CHAT_STRINGS }))('%s has a label and a hint for every question', (_tag, strings) => {
    for (const question of PRE_CHAT_QUESTIONS) {
      const text = questionText(strings, question)
      expect(text.label.trim(), question.key).not.toBe('')
      expect(text.hint.trim(), question.key).not.toBe('')
      expect(strings.questions).toHaveProperty(question.key)
    }
  })

  it('keeps the English texts the agent reads in the shared questions', () => {
    for (const question of PRE_CHAT_QUESTIONS)
      expect(questionText(PRE_CHAT_EN, question)).toEqual({ label: question.label, hint: question.hint })
  })

  it('picks the language, English when it has none', () => {
    expect(preChatStringsFor('es-ES').title).toBe('Antes de conectarle')
    expect(preChatStringsFor('pt-PT').submit).toBe('Falar com um agente')
    expect(preChatStringsFor('ja-JP')).toBe(PRE_CHAT_EN)
  })

  it('shows a question the catalog lacks in its shared English', () => {
    const extra = { key: 'email', label: 'Email', hint: 'For a copy of the chat.', autoComplete: 'email' }
    expect(questionText(preChatStringsFor('es'), extra)).toEqual({ label: 'Email', hint: 'For a copy of the chat.' })
  })
})
