import { describe, expect, it } from 'vitest'
import type { ChatEvent, ChatEvents } from './chat-model.js'
import { ChatStore, type ChatStoreOptions } from './chat-store.js'
import { createManualClock } from './manual-clock.js'
import { payloadsOf } from './typed-emitter.js'

function store(options: ChatStoreOptions = {}) {
  const clock = createManualClock()
  const chats = new ChatStore({ clock, ...options })
  const log: ChatEvent[] = []
  chats.onAny((event) => log.push(event))
  const chat = chats.createChat({ identity: 'anon_1', friendlyName: 'Visitor' })
  chats.addMember(chat.sid, { identity: 'agent_ada', role: 'agent', displayName: 'Ada', avatarUrl: 'https://example.test/ada.png' })
  const events = <K extends keyof ChatEvents>(name: K) => payloadsOf<ChatEvents, K>(log, name)
  return { clock, chats, chat, log, events }
}

describe('ChatStore chats and members', () => {
  it('creates an active chat with the visitor as first member', () => {
    const { chats, chat, events } = store()
    expect(chat).toMatchObject({ state: 'active', visitorIdentity: 'anon_1', friendlyName: 'Visitor', lastMessageIndex: undefined })
    expect(chat.sid).toMatch(/^CH[0-9a-f]{32}$/)
    expect(chats.members(chat.sid).map((member) => [member.identity, member.role, member.displayName])).toEqual([
      ['anon_1', 'visitor', 'Visitor'],
      ['agent_ada', 'agent', 'Ada'],
    ])
    expect(chats.member(chat.sid, 'agent_ada')?.avatarUrl).toBe('https://example.test/ada.png')
    expect(events('member.joined').map((event) => event.member.identity)).toEqual(['anon_1', 'agent_ada'])
  })

  it('keeps a member who left, and brings it back with the same SID on rejoin', () => {
    const { chats, chat, events } = store()
    const ada = chats.member(chat.sid, 'agent_ada')!
    chats.removeMember(chat.sid, 'agent_ada')
    chats.removeMember(chat.sid, 'agent_ada')
    expect(events('member.left')).toHaveLength(1)
    expect(chats.members(chat.sid).map((member) => member.identity)).toEqual(['anon_1'])
    expect(chats.members(chat.sid, { includeLeft: true })).toHaveLength(2)
    const back = chats.addMember(chat.sid, { identity: 'agent_ada', role: 'agent', displayName: 'Ada L.' })
    expect(back).toMatchObject({ sid: ada.sid, displayName: 'Ada L.', leftAt: undefined })
  })

  it('refuses new chats beyond maxChats', () => {
    const { chats } = store({ maxChats: 1 })
    expect(() => chats.createChat({ identity: 'anon_2', friendlyName: 'Other' })).toThrow(/holds 1 chats, its limit/)
  })
})

describe('ChatStore messages', () => {
  it('numbers messages 0, 1, 2… and returns those after an index for catch-up', () => {
    const { chats, chat, events } = store()
    const bodies = ['hello', 'hi, Ada here', 'thanks']
    const sent = bodies.map((body, i) => chats.sendMessage(chat.sid, { author: i === 1 ? 'agent_ada' : 'anon_1', body }).message)
    expect(sent.map((message) => message.index)).toEqual([0, 1, 2])
    expect(sent[0]?.sid).toMatch(/^IM[0-9a-f]{32}$/)
    expect(chats.messagesAfter(chat.sid, 0).map((message) => message.body)).toEqual(['hi, Ada here', 'thanks'])
    expect(chats.messagesAfter(chat.sid, -1)).toHaveLength(3)
    expect(chats.messagesAfter(chat.sid, 2)).toEqual([])
    expect(chats.chat(chat.sid)?.lastMessageIndex).toBe(2)
    expect(events('message.added').map((event) => event.message.index)).toEqual([0, 1, 2])
  })

  it('returns the stored message for a retry with the same messageId from the same author', () => {
    const { chats, chat, events } = store()
    const first = chats.sendMessage(chat.sid, { author: 'anon_1', body: 'hello', attributes: { messageId: 'm-1' } })
    const retry = chats.sendMessage(chat.sid, { author: 'anon_1', body: 'hello', attributes: { messageId: 'm-1' } })
    expect(first.duplicate).toBe(false)
    expect(retry).toEqual({ message: first.message, duplicate: true })
    // The same id from someone else is a different message.
    const agent = chats.sendMessage(chat.sid, { author: 'agent_ada', body: 'hi', attributes: { messageId: 'm-1' } })
    expect(agent).toMatchObject({ duplicate: false, message: { index: 1 } })
    expect(events('message.added')).toHaveLength(2)
  })

  it('answers a retry even after the chat closed, but refuses new messages there', () => {
    const { chats, chat } = store()
    const sent = chats.sendMessage(chat.sid, { author: 'anon_1', body: 'bye', attributes: { messageId: 'm-9' } })
    chats.closeChat(chat.sid)
    expect(chats.sendMessage(chat.sid, { author: 'anon_1', body: 'bye', attributes: { messageId: 'm-9' } }).message).toEqual(sent.message)
    expect(() => chats.sendMessage(chat.sid, { author: 'anon_1', body: 'again' })).toThrow(
      /the chat was closed at 2026-01-01T00:00:00.000Z. Please start a new chat/,
    )
  })

  it('refuses authors who are not current members, empty messages and oversized ones', () => {
    const { chats, chat } = store()
    expect(() => chats.sendMessage(chat.sid, { author: 'stranger', body: 'x' })).toThrow(
      'stranger is not a member of it. Please join the chat first.',
    )
    chats.removeMember(chat.sid, 'agent_ada')
    expect(() => chats.sendMessage(chat.sid, { author: 'agent_ada', body: 'x' })).toThrow(/agent_ada is not a member of it any more/)
    expect(() => chats.sendMessage(chat.sid, { author: 'anon_1', body: '  ' })).toThrow(/neither text nor a file/)
    expect(() => chats.sendMessage(chat.sid, { author: 'anon_1', body: 'é'.repeat(16_385) })).toThrow(
      /32770 bytes, over the 32768-byte limit/,
    )
    expect(() => chats.sendMessage(chat.sid, { author: 'anon_1', body: 'x', attributes: { pad: 'x'.repeat(4100) } })).toThrow(
      /over the 4096-byte limit/,
    )
    expect(() =>
      chats.sendMessage(chat.sid, { author: 'anon_1', body: 'x', attributes: [] as unknown as Record<string, unknown> }),
    ).toThrow(/must be a JSON object/)
  })

  it('accepts files described by their media, without text, in the order sent', () => {
    const { chats, chat } = store()
    const media = { filename: 'receipt.pdf', contentType: 'application/pdf', size: 2048, url: 'https://example.test/r.pdf' }
    const photo = { filename: 'photo.png', contentType: 'image/png', size: 10, url: 'https://example.test/p.png' }
    expect(chats.sendMessage(chat.sid, { author: 'anon_1', media: [media] }).message).toMatchObject({ body: '', media: [media] })
    expect(chats.sendMessage(chat.sid, { author: 'anon_1', media: [media, photo] }).message.media).toMatchObject([media, photo])
    expect(chats.sendMessage(chat.sid, { author: 'anon_1', body: 'text' }).message.media).toEqual([])
    expect(() => chats.sendMessage(chat.sid, { author: 'anon_1', media: [photo, { ...media, contentType: 'pdf' }] })).toThrow(
      /"pdf" is not a content type/,
    )
    expect(() => chats.sendMessage(chat.sid, { author: 'anon_1', media: [] })).toThrow(/neither text nor a file/)
  })

  it('lets a system author post without being a member', () => {
    const { chats, chat } = store()
    const posted = chats.postSystemMessage(chat.sid, {
      author: 'virtual-assistant',
      body: 'Topic: billing',
      attributes: { kind: 'assistant-transcript' },
    })
    expect(posted.message).toMatchObject({ index: 0, author: 'virtual-assistant' })
  })

  it('drops the oldest messages beyond the cap, keeping indexes so the gap shows', () => {
    const { chats, chat } = store({ maxMessagesPerChat: 2 })
    for (const [i, id] of ['a', 'b', 'c'].entries())
      chats.sendMessage(chat.sid, { author: 'anon_1', body: `m${i}`, attributes: { messageId: id } })
    expect(chats.messagesAfter(chat.sid, -1).map((message) => message.index)).toEqual([1, 2])
    // The dropped message's id is forgotten with it: a (very late) retry is stored again.
    expect(chats.sendMessage(chat.sid, { author: 'anon_1', body: 'm0', attributes: { messageId: 'a' } })).toMatchObject({
      duplicate: false,
      message: { index: 3 },
    })
  })
})

describe('ChatStore read horizons and typing', () => {
  it('moves a read horizon forward only, capped at the newest message', () => {
    const { chats, chat, events } = store()
    for (const body of ['one', 'two', 'three']) chats.sendMessage(chat.sid, { author: 'anon_1', body })
    expect(chats.setLastReadIndex(chat.sid, 'agent_ada', 1).lastReadIndex).toBe(1)
    expect(chats.setLastReadIndex(chat.sid, 'agent_ada', 0).lastReadIndex).toBe(1)
    expect(chats.setLastReadIndex(chat.sid, 'agent_ada', 99).lastReadIndex).toBe(2)
    expect(events('read.horizon.updated').map((event) => event.member.lastReadIndex)).toEqual([1, 2])
    expect(chats.markAllRead(chat.sid, 'anon_1').lastReadIndex).toBe(2)
    expect(() => chats.setLastReadIndex(chat.sid, 'stranger', 0)).toThrow(/stranger is not a member/)
  })

  it('leaves the horizon unset while the chat has no messages', () => {
    const { chats, chat, events } = store()
    expect(chats.markAllRead(chat.sid, 'agent_ada').lastReadIndex).toBeUndefined()
    expect(events('read.horizon.updated')).toEqual([])
  })

  it('signals typing once, ends it after the timeout unless repeated, and on sending', () => {
    const { chats, chat, clock, events } = store({ typingTimeoutSeconds: 5 })
    chats.startTyping(chat.sid, 'anon_1')
    clock.advance(4000)
    chats.startTyping(chat.sid, 'anon_1')
    clock.advance(4000)
    expect(events('typing.started')).toHaveLength(1)
    expect(events('typing.ended')).toHaveLength(0)
    clock.advance(1000)
    expect(events('typing.ended')).toEqual([{ chatSid: chat.sid, identity: 'anon_1' }])
    chats.startTyping(chat.sid, 'agent_ada')
    chats.sendMessage(chat.sid, { author: 'agent_ada', body: 'done' })
    expect(events('typing.ended').map((event) => event.identity)).toEqual(['anon_1', 'agent_ada'])
    expect(() => chats.startTyping(chat.sid, 'stranger')).toThrow(/stranger is not a member/)
  })
})

describe('ChatStore closing', () => {
  it('closes once, keeps the chat readable for the retention time, then drops it', () => {
    const { chats, chat, clock, events } = store({ closedRetentionSeconds: 60 })
    chats.sendMessage(chat.sid, { author: 'anon_1', body: 'bye' })
    chats.startTyping(chat.sid, 'agent_ada')
    clock.advance(1000)
    expect(chats.closeChat(chat.sid)).toMatchObject({ state: 'closed', closedAt: clock.now() })
    chats.closeChat(chat.sid)
    expect(events('chat.closed')).toHaveLength(1)
    expect(events('typing.ended')).toHaveLength(1)
    expect(() => chats.addMember(chat.sid, { identity: 'agent_bob', role: 'agent', displayName: 'Bob' })).toThrow(/the chat was closed/)
    clock.advance(59_999)
    expect(chats.messagesAfter(chat.sid, -1)).toHaveLength(1)
    clock.advance(1)
    expect(chats.chat(chat.sid)).toBeUndefined()
    expect(events('chat.removed')).toEqual([{ chatSid: chat.sid }])
    expect(() => chats.messagesAfter(chat.sid, -1)).toThrow(/there is no chat CH.*please start a new chat/)
  })
})

describe('ChatStore peek', () => {
  it('hands out the live chat, members and newest messages, uncopied', () => {
    const { chats, chat } = store()
    for (const body of ['one', 'two', 'three']) chats.sendMessage(chat.sid, { author: 'anon_1', body })
    const peeked = chats.peek(chat.sid)!
    expect(peeked.newest(2).map((message) => message.body)).toEqual(['two', 'three'])
    expect(peeked.newest(0)).toEqual([])
    expect(peeked.members.map((member) => member.identity)).toEqual(['anon_1', 'agent_ada'])
    chats.closeChat(chat.sid)
    // The same record as the store's: it shows the close without a new peek.
    expect(peeked.chat.state).toBe('closed')
    expect(chats.peek('CHnone')).toBeUndefined()
  })
})
