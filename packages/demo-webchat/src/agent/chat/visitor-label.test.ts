import type { AgentChat } from '@flex-escalate/api'
import { DEFAULT_VISITOR_NAME } from '@flex-escalate/api/escalation'
import { describe, expect, it } from 'vitest'
import { visitorLabel, withVisitorLabel } from './visitor-label.js'

const chat = (displayName: string, preChat?: Record<string, string>): Pick<AgentChat, 'chatSid' | 'visitor' | 'preChat'> => ({
  chatSid: 'CH0123456789abcdef0123456789ab4f2a',
  visitor: { identity: 'visitor-1', role: 'visitor', displayName },
  ...(preChat ? { preChat } : {}),
})

describe('visitorLabel', () => {
  it("shows the task's name when the page gave one", () => {
    expect(visitorLabel(chat('Grace Hopper', { name: 'Ada' }))).toBe('Grace Hopper')
  })

  it('shows the pre-chat name when the visitor has no other', () => {
    expect(visitorLabel(chat(DEFAULT_VISITOR_NAME, { name: '  Ada  ' }))).toBe('Ada')
  })

  it("falls back to a short label from the chat's SID, the same every time", () => {
    expect(visitorLabel(chat(DEFAULT_VISITOR_NAME))).toBe('Visitor 4F2A')
    expect(visitorLabel(chat('', { name: '   ' }))).toBe('Visitor 4F2A')
  })

  it('tells two anonymous chats apart', () => {
    const other = { ...chat(DEFAULT_VISITOR_NAME), chatSid: 'CH0123456789abcdef0123456789ab77c1' }
    expect(visitorLabel(other)).not.toBe(visitorLabel(chat(DEFAULT_VISITOR_NAME)))
  })
})

describe('withVisitorLabel', () => {
  it('names the visitor, and keeps a chat that already shows the label as it is', () => {
    const anonymous = chat(DEFAULT_VISITOR_NAME)
    expect(withVisitorLabel(anonymous).visitor.displayName).toBe('Visitor 4F2A')
    expect(anonymous.visitor.displayName).toBe(DEFAULT_VISITOR_NAME)
    const named = chat('Grace Hopper')
    expect(withVisitorLabel(named)).toBe(named)
  })
})
