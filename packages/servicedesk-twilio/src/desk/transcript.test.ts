import { TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from '@flex-escalate/api/transcript'
import { describe, expect, it } from 'vitest'
import { isTranscript } from './transcript.js'

describe('transcript filter', () => {
  it('recognises the transcript by its attributes or author, and nothing else', () => {
    expect(isTranscript({ index: 0, author: 'x', body: '', attributes: { kind: TRANSCRIPT_KIND }, media: [] })).toBe(true)
    expect(isTranscript({ index: 0, author: TRANSCRIPT_AUTHOR, body: '', attributes: {}, media: [] })).toBe(true)
    expect(isTranscript({ index: 0, author: 'agent', body: '', attributes: { kind: 'note' }, media: [] })).toBe(false)
  })
})
