import { AgentProtocol, VisitorProtocol } from '@flex-escalate/api'
import { describe, expect, it } from 'vitest'
import { readFrame, readResult } from './frame-reader.js'

const CHAT = `CH${'0'.repeat(32)}`
const message = { index: 2, author: 'agent-ana', body: 'Hi', attributes: {}, createdAt: '2026-01-01T00:00:00Z' }
const json = (frame: unknown) => JSON.stringify(frame)

describe('readFrame', () => {
  it('reads the protocol events and ignores anything else', () => {
    const horizon = { type: 'readHorizon', identity: 'agent-ana', lastReadIndex: 3 }
    expect(readFrame(VisitorProtocol, json(horizon))).toEqual({ kind: 'event', event: horizon })
    expect(readFrame(VisitorProtocol, json({ type: 'tokenExpired' }))).toEqual({ kind: 'event', event: { type: 'tokenExpired' } })
    expect(readFrame(VisitorProtocol, json({ ...horizon, lastReadIndex: -1 }))).toBeUndefined()
    expect(readFrame(VisitorProtocol, json({ type: 'messageAdded', message: { index: 1, author: 'a', body: 'x' } }))).toBeUndefined()
    expect(readFrame(VisitorProtocol, json({ type: 'memberJoined', member: { identity: 'agent-ana' } }))).toBeUndefined()
    expect(readFrame(VisitorProtocol, json({ type: 'somethingNew' }))).toBeUndefined()
    expect(readFrame(VisitorProtocol, 'not json')).toBeUndefined()
    expect(readFrame(VisitorProtocol, new ArrayBuffer(2))).toBeUndefined()
  })

  it("reads each socket's own events only", () => {
    const typing = { type: 'typing', chatSid: CHAT, identity: 'visitor-1', typing: true }
    expect(readFrame(AgentProtocol, json(typing))).toEqual({ kind: 'event', event: typing })
    expect(readFrame(VisitorProtocol, json(typing))).toBeUndefined()
    expect(readFrame(AgentProtocol, json({ type: 'typingStarted', identity: 'agent-ana' }))).toBeUndefined()
  })

  it('reads replies, and ignores one that breaks the reply shape', () => {
    expect(readFrame(VisitorProtocol, json({ type: 'reply', id: 1, ok: true }))).toEqual({
      kind: 'reply',
      reply: { type: 'reply', id: 1, ok: true },
    })
    const refused = { type: 'reply', id: 2, ok: false, error: { code: 'conflict', message: 'No' } }
    expect(readFrame(AgentProtocol, json(refused))).toEqual({ kind: 'reply', reply: refused })
    expect(readFrame(VisitorProtocol, json({ type: 'reply', id: 3, ok: false }))).toBeUndefined()
    expect(readFrame(VisitorProtocol, json({ type: 'reply', id: 'x', ok: true }))).toBeUndefined()
  })
})

describe('readResult', () => {
  it('passes a result the protocol allows, and one of a request whose result no client reads', () => {
    const ready = { chat: { sid: CHAT, state: 'closed' }, members: [], tokenExpiresIn: 60 }
    expect(readResult(VisitorProtocol, 'authenticate', ready)).toEqual(ready)
    expect(readResult(VisitorProtocol, 'history', { messages: [message] })).toEqual({ messages: [message] })
    expect(readResult(VisitorProtocol, 'read', undefined)).toBeUndefined()
  })

  it('refuses a result that breaks the protocol, saying where and what to do', () => {
    expect(() => readResult(VisitorProtocol, 'authenticate', { members: [] })).toThrow(
      /^Failed to read the answer to "authenticate": the chat sandbox sent a result the protocol does not allow \(.*chat.*\)\. Please update/,
    )
    expect(() => readResult(VisitorProtocol, 'history', { messages: [message, { index: 'x' }] })).toThrow(/\/messages\/1/)
    expect(() => readResult(AgentProtocol, 'send', { index: -1 })).toThrow(/"send".*\/index must be >= 0/)
  })
})
