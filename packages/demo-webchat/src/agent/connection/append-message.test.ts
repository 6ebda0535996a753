import type { AgentChat, AgentState, WireMessage } from '@flex-escalate/api'
import { describe, expect, it } from 'vitest'
import { appendMessage } from './append-message.js'

const message = (index: number, body = `m${index}`): WireMessage => ({
  index,
  author: 'anon_1',
  body,
  attributes: {},
  createdAt: '2026-01-01T00:00:00.000Z',
})

const chat = (chatSid: string, messages: WireMessage[]): AgentChat => ({
  taskSid: `WT-${chatSid}`,
  chatSid,
  status: 'assigned',
  visitor: { identity: 'anon_1', role: 'visitor', displayName: 'Grace' },
  summary: [],
  messages,
  ended: false,
})

const state = (chats: AgentChat[]): AgentState => ({
  worker: { sid: 'WK1', name: 'Ada', activity: 'Available', skills: [], languages: [], chatCapacity: 2 },
  agents: [],
  queues: [],
  waiting: [],
  offers: [],
  chats,
})

describe('appendMessage', () => {
  it('appends a new message to its chat only', () => {
    const before = state([chat('CH1', [message(0)]), chat('CH2', [message(0)])])
    const after = appendMessage(before, 'CH1', message(1, 'Hello?'))
    expect(after.chats[0]!.messages.map((m) => m.body)).toEqual(['m0', 'Hello?'])
    expect(after.chats[1]).toBe(before.chats[1])
    // The previous state is left as it was (React compares by reference).
    expect(before.chats[0]!.messages).toHaveLength(1)
  })

  it('skips an index the chat already shows (the state brought it first)', () => {
    const before = state([chat('CH1', [message(0), message(1)])])
    expect(appendMessage(before, 'CH1', message(1, 'again'))).toBe(before)
  })

  it('waits for the state when the chat is not listed yet', () => {
    const before = state([])
    expect(appendMessage(before, 'CH1', message(0))).toBe(before)
  })

  it('keeps index order', () => {
    const after = appendMessage(state([chat('CH1', [message(0), message(2)])]), 'CH1', message(1))
    expect(after.chats[0]!.messages.map((m) => m.index)).toEqual([0, 1, 2])
  })
})
