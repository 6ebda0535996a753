import { MAX_MESSAGE_BODY_BYTES, MAX_MESSAGE_BODY_LENGTH } from '@flex-escalate/api/limits'
import { describe, expect, it } from 'vitest'
import { messageLengthProblem } from './message-length.js'

describe('messageLengthProblem', () => {
  it('lets a message up to the limit through', () => {
    expect(messageLengthProblem('Hello')).toBeUndefined()
    expect(messageLengthProblem('x'.repeat(MAX_MESSAGE_BODY_LENGTH))).toBeUndefined()
  })

  it('says how long the message is and what the limit is, in characters', () => {
    expect(messageLengthProblem('x'.repeat(40_000))).toBe(
      'Your message is too long: 40,000 characters, the limit is 32,000. Please shorten it.',
    )
  })

  it('counts the bytes Twilio counts when the text is not ASCII', () => {
    // 20,000 characters, under the character limit, but 40,000 bytes of UTF-8.
    const text = 'é'.repeat(20_000)
    expect(messageLengthProblem(text)).toBe(
      `Your message is too long: 40,000 bytes of text, the limit is ${MAX_MESSAGE_BODY_BYTES.toLocaleString('en-US')} bytes. Please shorten it.`,
    )
  })
})
