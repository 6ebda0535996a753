import { describe, expect, it } from 'vitest'
import { carbonHost } from '../test/hosts.js'
import { createTwilioFlexServiceDesk, TwilioFlexServiceDesk } from './index.js'

describe('createTwilioFlexServiceDesk', () => {
  it('returns the same factory for the same options object (a new identity would end a live Carbon chat)', () => {
    const options = { middlewareUrl: 'https://support.example.test' }
    expect(createTwilioFlexServiceDesk(options)).toBe(createTwilioFlexServiceDesk(options))
  })

  it('throws at creation, not at first use, when an option is wrong', () => {
    expect(() => createTwilioFlexServiceDesk({ middlewareUrl: 'support.example.test' })).toThrow(/middlewareUrl/)
  })

  it('builds a TwilioFlexServiceDesk for the host callback without loading any transport', async () => {
    let loaded = 0
    const factory = createTwilioFlexServiceDesk(
      { middlewareUrl: 'https://support.example.test' },
      { transports: { conversations: async () => Promise.reject(new Error(`loaded ${++loaded}`)) } },
    )
    const desk = await factory({ callback: carbonHost().callback })
    expect(desk).toBeInstanceOf(TwilioFlexServiceDesk)
    expect(loaded).toBe(0)
  })
})
