import type { AgentChat, WireMessage } from '@flex-escalate/api'
import { describe, expect, it } from 'vitest'
import { nextSeen, unreadCounts, unreadText } from './unread.js'

const message = (index: number, author: string): WireMessage => ({
  index,
  author,
  body: `m${index}`,
  attributes: {},
  createdAt: '2026-12-04T15:00:00Z',
})

const chat = (chatSid: string, authors: string[]): Pick<AgentChat, 'chatSid' | 'visitor' | 'messages'> => ({
  chatSid,
  visitor: { identity: 'visitor', role: 'visitor', displayName: 'Ada' },
  messages: authors.map((author, index) => message(index, author)),
})

describe('unread chats', () => {
  it("counts the visitor's new messages in a chat that is not open", () => {
    const before = [chat('CHa', ['visitor']), chat('CHb', ['visitor', 'WKalice'])]
    const seen = nextSeen(before, 'CHa', {})
    const after = [chat('CHa', ['visitor', 'visitor']), chat('CHb', ['visitor', 'WKalice', 'visitor', 'system', 'visitor'])]
    expect(unreadCounts(after, 'CHa', seen)).toEqual({ CHa: 0, CHb: 2 })
  })

  it('clears the count when the chat is opened, and keeps it cleared', () => {
    const chats = [chat('CHa', ['visitor']), chat('CHb', ['visitor'])]
    let seen = nextSeen(chats, 'CHa', {})
    const grown = [chats[0] as ReturnType<typeof chat>, chat('CHb', ['visitor', 'visitor'])]
    expect(unreadCounts(grown, 'CHa', seen).CHb).toBe(1)
    seen = nextSeen(grown, 'CHb', seen)
    expect(unreadCounts(grown, 'CHb', seen).CHb).toBe(0)
    expect(unreadCounts(grown, 'CHa', nextSeen(grown, 'CHa', seen)).CHb).toBe(0)
  })

  it('starts a chat seen for the first time as read, and forgets chats that went away', () => {
    const seen = nextSeen([chat('CHa', ['visitor', 'visitor'])], undefined, { CHgone: 3 })
    expect(seen).toEqual({ CHa: 1 })
    expect(unreadCounts([chat('CHa', ['visitor', 'visitor'])], undefined, seen).CHa).toBe(0)
    expect(unreadCounts([chat('CHnew', ['visitor'])], undefined, seen).CHnew).toBe(0)
  })

  it('says the count in words', () => {
    expect(unreadText(1)).toBe('1 new message')
    expect(unreadText(3)).toBe('3 new messages')
  })
})
