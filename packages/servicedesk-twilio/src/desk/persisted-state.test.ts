import { describe, expect, it } from 'vitest'
import { type PersistedChat, parsePersistedChat, sessionExpired, waitingChat } from './persisted-state.js'

const state: PersistedChat = {
  version: 1,
  transport: 'conversations',
  chatSid: 'CH1',
  identity: 'v',
  sessionToken: 's',
  sessionExpiresAt: '2030-01-01T00:00:00.000Z',
  lastIndex: 3,
  agents: [],
}

describe('persisted state', () => {
  it('accepts its own shape and rejects anything else', () => {
    expect(parsePersistedChat(state)).toEqual(state)
    expect(parsePersistedChat({ ...state, version: 2 })).toBeUndefined()
    expect(parsePersistedChat({ ...state, chatSid: 1 })).toBeUndefined()
    expect(parsePersistedChat({ ...state, agents: undefined })).toBeUndefined()
    expect(parsePersistedChat('x')).toBeUndefined()
  })

  it('keeps the sandbox URL and refuses one that is not a string', () => {
    const sandbox = { ...state, transport: 'sandbox', sandboxUrl: 'ws://127.0.0.1:4000/sandbox/visitor' }
    expect(parsePersistedChat(sandbox)).toEqual(sandbox)
    expect(parsePersistedChat({ ...sandbox, sandboxUrl: 42 })).toBeUndefined()
  })

  it('knows when the session expired', () => {
    expect(sessionExpired(state, Date.parse('2029-12-31T23:59:59Z'))).toBe(false)
    expect(sessionExpired(state, Date.parse('2030-01-01T00:00:00Z'))).toBe(true)
    expect(sessionExpired({ ...state, sessionExpiresAt: 'soon' })).toBe(true)
  })

  it('finds a chat to hold after a reload only while it waits for an agent and its session lasts', () => {
    const before = Date.parse('2029-12-31T23:59:59Z')
    expect(waitingChat(state, before)).toEqual(state)
    expect(waitingChat({ ...state, agents: [{ id: 'agent-ana', nickname: 'Ana' }] }, before)).toBeUndefined()
    expect(waitingChat(state, Date.parse('2030-01-01T00:00:00Z'))).toBeUndefined()
    expect(waitingChat({ ...state, version: 2 }, before)).toBeUndefined()
    expect(waitingChat(undefined, before)).toBeUndefined()
  })
})
