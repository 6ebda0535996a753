import { describe, expect, it } from 'vitest'
import { presenceOf } from './presence.js'

const away = { since: '2026-12-04T15:00:00Z', endsAt: '2026-12-04T15:01:00Z' }

describe('presenceOf', () => {
  it('says the visitor is on the page, or left it', () => {
    expect(presenceOf({ ended: false, status: 'assigned' })).toEqual({ kind: 'here', text: 'Visitor on the page' })
    expect(presenceOf({ ended: false, status: 'assigned', visitorAway: away })).toEqual({ kind: 'away', text: 'Visitor left' })
  })

  it('shows nothing once the chat ended', () => {
    expect(presenceOf({ ended: true, status: 'assigned', visitorAway: away })).toBeUndefined()
    expect(presenceOf({ ended: false, status: 'wrapping' })).toBeUndefined()
  })
})
