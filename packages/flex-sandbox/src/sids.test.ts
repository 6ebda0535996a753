import { describe, expect, it } from 'vitest'
import { isSid, newSid, SID_PREFIX } from './sids.js'

describe('newSid', () => {
  it('makes Twilio-shaped SIDs: prefix and 32 hex digits, different every time', () => {
    for (const prefix of Object.values(SID_PREFIX)) expect(newSid(prefix)).toMatch(new RegExp(`^${prefix}[0-9a-f]{32}$`))
    const many = new Set(Array.from({ length: 1000 }, () => newSid('WT')))
    expect(many.size).toBe(1000)
  })

  it('recognises SIDs by shape and prefix', () => {
    const sid = newSid('CH')
    expect(isSid(sid)).toBe(true)
    expect(isSid(sid, 'CH')).toBe(true)
    expect(isSid(sid, 'WT')).toBe(false)
    expect(isSid('CH123')).toBe(false)
    expect(isSid(sid.toLowerCase())).toBe(false)
  })
})
