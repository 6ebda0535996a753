import { describe, expect, it } from 'vitest'
import { mediaTooManyRequests, tooManyRequests } from '../../test/fakes/twilio-errors.js'
import { isTooManyRequests } from './transport-kit.js'

describe('isTooManyRequests', () => {
  it('recognises a 429 as each SDK layer throws it', () => {
    expect(isTooManyRequests(tooManyRequests())).toBe(true)
    expect(isTooManyRequests(mediaTooManyRequests())).toBe(true)
    expect(isTooManyRequests(new Error('Request responded with a non-success code 429'))).toBe(true)
    expect(isTooManyRequests(Object.assign(new Error('Throttled'), { body: { code: 20429 } }))).toBe(true)
  })

  it('does not retry anything else', () => {
    expect(isTooManyRequests(Object.assign(new Error('Forbidden'), { status: 403, body: { status: 403, code: 50107 } }))).toBe(false)
    expect(isTooManyRequests(new Error('Conversation CH0429 not found'))).toBe(false)
    expect(isTooManyRequests(new Error('Twilsock disconnected'))).toBe(false)
    expect(isTooManyRequests(undefined)).toBe(false)
    expect(isTooManyRequests('429')).toBe(false)
  })
})
