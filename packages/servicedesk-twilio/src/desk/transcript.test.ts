import { describe, expect, it } from 'vitest'
import { TRANSCRIPT_AUTHOR as MIDDLEWARE_AUTHOR, TRANSCRIPT_KIND as MIDDLEWARE_KIND } from '@flex-escalate/auth-middleware'
import { isTranscript, TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from './transcript.js'

describe('transcript filter', () => {
  it("uses the same literals as the middleware that posts the transcript", () => {
    expect([TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND]).toEqual([MIDDLEWARE_AUTHOR, MIDDLEWARE_KIND])
  })

  it('recognises the transcript by its attributes or author, and nothing else', () => {
    expect(isTranscript({ index: 0, author: 'x', body: '', attributes: { kind: TRANSCRIPT_KIND } })).toBe(true)
    expect(isTranscript({ index: 0, author: TRANSCRIPT_AUTHOR, body: '', attributes: {} })).toBe(true)
    expect(isTranscript({ index: 0, author: 'agent', body: '', attributes: { kind: 'note' } })).toBe(false)
  })
})
