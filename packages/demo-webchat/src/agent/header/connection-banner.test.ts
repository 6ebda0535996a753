import { describe, expect, it } from 'vitest'
import { connectionBanner } from './connection-banner.js'

describe('connectionBanner', () => {
  it('says it is reconnecting while the socket is down, without promising the chats are kept', () => {
    const text = connectionBanner('reconnecting')
    expect(text).toMatch(/Reconnecting…/)
    expect(text).not.toMatch(/kept/)
    expect(connectionBanner('connecting')).toBe('Connecting to the sandbox…')
  })

  it('goes once connected, signed out or refused', () => {
    expect(connectionBanner('connected')).toBeUndefined()
    expect(connectionBanner('closed')).toBeUndefined()
    expect(connectionBanner('failed')).toBeUndefined()
  })
})
