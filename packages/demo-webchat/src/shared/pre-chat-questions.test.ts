import { ADDITIONAL_DATA_KEY_PATTERN, AUTH_LIMITS } from '@flex-escalate/api/limits'
import { describe, expect, it } from 'vitest'
import { PRE_CHAT_QUESTIONS, preChatLines, preChatPayload } from './pre-chat-questions.js'

describe('preChatPayload', () => {
  it('keeps the answered questions, trimmed', () => {
    expect(preChatPayload({ name: '  Ada  ', orderNumber: 'A-1042' })).toEqual({ name: 'Ada', orderNumber: 'A-1042' })
  })

  it('leaves out blank answers and keys that are not questions', () => {
    expect(preChatPayload({ name: '   ', orderNumber: undefined, other: 'x' })).toEqual({})
  })

  it('cuts an answer at the limit /auth keeps', () => {
    expect(preChatPayload({ name: 'a'.repeat(AUTH_LIMITS.preChatValue + 5) }).name).toHaveLength(AUTH_LIMITS.preChatValue)
  })

  it('asks no more questions than /auth takes answers, under keys /auth accepts', () => {
    expect(PRE_CHAT_QUESTIONS.length).toBeLessThanOrEqual(AUTH_LIMITS.preChatEntries)
    for (const { key } of PRE_CHAT_QUESTIONS) expect(key).toMatch(new RegExp(ADDITIONAL_DATA_KEY_PATTERN))
  })
})

describe('preChatLines', () => {
  it("labels the demo's questions in their order, then other keys under their own name", () => {
    expect(preChatLines({ plan: 'Pro', orderNumber: 'A-1042', name: 'Ada' })).toEqual([
      { key: 'name', label: 'Name', answer: 'Ada' },
      { key: 'orderNumber', label: 'Order number', answer: 'A-1042' },
      { key: 'plan', label: 'plan', answer: 'Pro' },
    ])
  })

  it('is empty without answers', () => {
    expect(preChatLines(undefined)).toEqual([])
    expect(preChatLines({})).toEqual([])
  })
})
