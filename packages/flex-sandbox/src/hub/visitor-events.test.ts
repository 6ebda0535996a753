import { describe, expect, it } from 'vitest'
import type { ChatEvent } from '../chat-model.js'
import { ChatStore } from '../chat-store.js'
import { createManualClock } from '../manual-clock.js'
import { chatSidOf, visitorEventFor } from './visitor-events.js'

/** A chat with a visitor and an agent, and every event the store emitted for it. */
function chatWithEvents() {
  const chats = new ChatStore({ clock: createManualClock() })
  const log: ChatEvent[] = []
  chats.onAny((event) => log.push(event))
  const chat = chats.createChat({ identity: 'anon_1', friendlyName: 'Visitor' })
  chats.addMember(chat.sid, { identity: 'agent_ada', role: 'agent', displayName: 'Ada' })
  return { chats, chat, log }
}

describe('visitorEventFor', () => {
  it("tells the visitor of the agent's typing, never of its own", () => {
    const { chats, chat, log } = chatWithEvents()
    chats.startTyping(chat.sid, 'agent_ada')
    chats.startTyping(chat.sid, 'anon_1')
    const typing = log.filter((event) => event.type === 'typing.started')
    expect(typing.map((event) => visitorEventFor(event, 'anon_1'))).toEqual([{ type: 'typingStarted', identity: 'agent_ada' }, undefined])
  })

  it('maps messages, members, read horizons and the end, and keeps chat creation to itself', () => {
    const { chats, chat, log } = chatWithEvents()
    chats.sendMessage(chat.sid, { author: 'agent_ada', body: 'Hello' })
    chats.markAllRead(chat.sid, 'agent_ada')
    chats.closeChat(chat.sid)
    const frames = log.map((event) => visitorEventFor(event, 'anon_1')?.type)
    expect(frames).toEqual([undefined, 'memberJoined', 'memberJoined', 'messageAdded', 'readHorizon', 'chatEnded'])
    expect(new Set(log.map(chatSidOf))).toEqual(new Set([chat.sid]))
  })
})
