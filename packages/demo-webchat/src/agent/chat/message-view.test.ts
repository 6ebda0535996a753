import type { AgentChat, AgentState, WireMessage } from '@flex-escalate/api'
import { describe, expect, it } from 'vitest'
import { isMarkdown, lastAgentMessageIndex, newestIndex, viewOf, visitorReadIndex } from './message-view.js'

const message = (index: number, author: string, attributes: Record<string, unknown> = {}): WireMessage => ({
  index,
  author,
  body: `m${index}`,
  attributes,
  createdAt: '2026-01-01T00:00:00.000Z',
})

const chat = (messages: WireMessage[], lastReadIndex?: number): AgentChat => ({
  taskSid: 'WT1',
  chatSid: 'CH1',
  status: 'assigned',
  visitor: { identity: 'visitor-1', role: 'visitor', displayName: 'Sam', ...(lastReadIndex === undefined ? {} : { lastReadIndex }) },
  summary: [],
  messages,
  ended: false,
})

const state: Pick<AgentState, 'worker' | 'agents'> = {
  worker: { sid: 'WKme', name: 'Ada', activity: 'Available', skills: [], languages: [], chatCapacity: 2 },
  agents: [{ sid: 'WKbob', name: 'Bob', activity: 'Available' }],
}

describe('viewOf', () => {
  it('names the visitor, me, other agents and the assistant transcript', () => {
    const c = chat([])
    expect(viewOf(message(0, 'virtual-assistant', { kind: 'assistant-transcript' }), c, state)).toMatchObject({ kind: 'assistant' })
    expect(viewOf(message(1, 'visitor-1'), c, state)).toMatchObject({ kind: 'visitor', name: 'Sam' })
    expect(viewOf(message(2, 'WKme'), c, state)).toMatchObject({ kind: 'me', name: 'You' })
    expect(viewOf(message(3, 'WKbob'), c, state)).toMatchObject({ kind: 'agent', name: 'Bob' })
    expect(viewOf(message(4, 'someone-gone'), c, state)).toMatchObject({ kind: 'agent', name: 'Agent' })
  })

  it("shows the middleware's presence notices as notices, never as an agent's message", () => {
    const c = chat([])
    const left = message(5, 'system', { kind: 'visitor-presence', presence: 'left' })
    expect(viewOf(left, c, state)).toMatchObject({ kind: 'notice' })
    // The "Read" receipt goes under the agent's own last message, not under a notice after it.
    expect(lastAgentMessageIndex([viewOf(message(2, 'WKme'), c, state), viewOf(left, c, state)])).toBe(2)
  })
})

describe('read receipts', () => {
  it('takes the furthest of the state and the events', () => {
    expect(visitorReadIndex(chat([], 3), 5)).toBe(5)
    expect(visitorReadIndex(chat([], 6), 5)).toBe(6)
    expect(visitorReadIndex(chat([]), 2)).toBe(2)
    expect(visitorReadIndex(chat([]), undefined)).toBeUndefined()
  })

  it('puts the receipt on the last message from the agents side', () => {
    const c = chat([message(0, 'visitor-1'), message(1, 'WKme'), message(2, 'WKbob'), message(3, 'visitor-1')])
    expect(lastAgentMessageIndex(c.messages.map((m) => viewOf(m, c, state)))).toBe(2)
    expect(lastAgentMessageIndex([viewOf(message(0, 'visitor-1'), c, state)])).toBeUndefined()
    expect(newestIndex(c)).toBe(3)
  })
})

describe('isMarkdown', () => {
  it('renders the agents’ text as markdown, as the visitor’s chat window does, and the visitor’s as typed', () => {
    expect(isMarkdown({ kind: 'me' })).toBe(true)
    expect(isMarkdown({ kind: 'agent' })).toBe(true)
    expect(isMarkdown({ kind: 'visitor' })).toBe(false)
    expect(isMarkdown({ kind: 'notice' })).toBe(false)
  })
})
