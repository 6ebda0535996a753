import type { EndReason } from '@flex-escalate/api/end-reason'
import type { Chat, ChatEvents, Member, MemberRole, Message } from './chat-model.js'
import { type Clock, systemClock, type TimerHandle } from './clock.js'
import { jsonObject } from './json.js'
import { MessageLog } from './message-log.js'
import { type CheckedMessage, checkMessage, type MessageInput } from './message-rules.js'
import { type Draft, snapshot } from './model.js'
import { newSid } from './sids.js'
import { type AnyListener, type Listener, TypedEmitter } from './typed-emitter.js'
import { TypingTracker } from './typing.js'

export interface ChatStoreOptions {
  clock?: Clock
  /** Messages kept per chat; beyond it the oldest are dropped (indexes never change). Default 1000. */
  maxMessagesPerChat?: number
  /** How long a closed chat stays readable (for catch-up after a reload) before it is dropped. Default 3600. */
  closedRetentionSeconds?: number
  /** Chats held at once, active or closed; creating one more fails. Default 10000. */
  maxChats?: number
  /** How long a typing signal lasts without a repeat. Default 5. */
  typingTimeoutSeconds?: number
  onListenerError?: (error: unknown, event: string) => void
}

export interface CreateChatInput {
  /** The visitor's identity; the visitor becomes the chat's first member. */
  identity: string
  /** The visitor's display name, shown to agents. */
  friendlyName: string
  attributes?: Record<string, unknown> | undefined
}

export interface AddMemberInput {
  identity: string
  role: MemberRole
  displayName: string
  avatarUrl?: string | undefined
}

/** The result of sending: `duplicate` when a retry matched a message already stored. */
export interface SendResult {
  message: Message
  duplicate: boolean
}

interface ChatRecord {
  chat: Draft<Chat>
  members: Map<string, Draft<Member>>
  log: MessageLog
  removal: TimerHandle | undefined
}

/**
 * The sandbox's chats, Conversations-like: members, messages with increasing indexes, read horizons,
 * typing signals and a closed state. Memory stays bounded: at most `maxChats` chats, at most
 * `maxMessagesPerChat` messages each (oldest dropped first, active or not: a gap then shows as a first
 * message index above the one asked for), and closed chats are dropped after `closedRetentionSeconds`.
 *
 * @example
 * const chats = new ChatStore()
 * const chat = chats.createChat({ identity: 'anon_1', friendlyName: 'Visitor' })
 * chats.addMember(chat.sid, { identity: 'agent_ada', role: 'agent', displayName: 'Ada' })
 * chats.sendMessage(chat.sid, { author: 'anon_1', body: 'Hello', attributes: { messageId: 'm1' } })
 * chats.messagesAfter(chat.sid, -1) // [{ index: 0, body: 'Hello', … }]
 */
export class ChatStore {
  private readonly clock: Clock
  private readonly events: TypedEmitter<ChatEvents>
  private readonly records = new Map<string, ChatRecord>()
  private readonly typing: TypingTracker
  private readonly maxMessages: number
  private readonly retentionMs: number
  private readonly maxChats: number

  constructor(options: ChatStoreOptions = {}) {
    this.clock = options.clock ?? systemClock
    this.events = new TypedEmitter<ChatEvents>(options.onListenerError)
    this.maxMessages = atLeastOne(options.maxMessagesPerChat ?? 1000, 'maxMessagesPerChat')
    this.retentionMs = atLeastOne(options.closedRetentionSeconds ?? 3600, 'closedRetentionSeconds') * 1000
    this.maxChats = atLeastOne(options.maxChats ?? 10_000, 'maxChats')
    const typingMs = atLeastOne(options.typingTimeoutSeconds ?? 5, 'typingTimeoutSeconds') * 1000
    this.typing = new TypingTracker(this.clock, typingMs, (chatSid, identity, typing) =>
      this.emit(typing ? 'typing.started' : 'typing.ended', { chatSid, identity }),
    )
  }

  on<K extends keyof ChatEvents & string>(event: K, listener: Listener<ChatEvents[K]>): () => void {
    return this.events.on(event, listener)
  }

  onAny(listener: AnyListener<ChatEvents>): () => void {
    return this.events.onAny(listener)
  }

  createChat(input: CreateChatInput): Chat {
    const identity = input.identity.trim()
    const friendlyName = input.friendlyName.trim()
    if (!identity || !friendlyName)
      throw new Error(
        'Failed to create a chat: identity and friendlyName must not be empty. Please pass the visitor identity and display name.',
      )
    if (this.records.size >= this.maxChats) {
      throw new Error(
        `Failed to create a chat: the sandbox holds ${this.records.size} chats, its limit. Please close chats or raise maxChats.`,
      )
    }
    const chat: Draft<Chat> = {
      sid: newSid('CH'),
      friendlyName,
      visitorIdentity: identity,
      state: 'active',
      attributes: jsonObject(input.attributes ?? {}, 'create a chat'),
      createdAt: this.clock.now(),
      closedAt: undefined,
      endReason: undefined,
      lastMessageIndex: undefined,
    }
    this.records.set(chat.sid, { chat, members: new Map(), log: new MessageLog(chat.sid, this.maxMessages), removal: undefined })
    this.emit('chat.created', { chat })
    this.addMember(chat.sid, { identity, role: 'visitor', displayName: friendlyName })
    return snapshot(chat)
  }

  /** Chats not closed yet (closed ones wait here for their retention): what a metrics scrape reports. O(chats). */
  openChatCount(): number {
    let open = 0
    for (const record of this.records.values()) if (record.chat.state !== 'closed') open++
    return open
  }

  chat(chatSid: string): Chat | undefined {
    const record = this.records.get(chatSid)
    return record && snapshot(record.chat)
  }

  /** Adds a member, or brings back one who left (e.g. an agent transferred back), with its new details. */
  addMember(chatSid: string, input: AddMemberInput): Member {
    const action = `add ${input.identity} to chat ${chatSid}`
    const record = this.active(chatSid, action)
    const identity = input.identity.trim()
    const displayName = input.displayName.trim()
    if (!identity || !displayName) throw new Error(`Failed to ${action}: identity and displayName must not be empty. Please pass both.`)
    const existing = record.members.get(identity)
    if (existing && existing.leftAt === undefined) return snapshot(existing)
    const member: Draft<Member> = {
      sid: existing?.sid ?? newSid('MB'),
      chatSid,
      identity,
      role: input.role,
      displayName,
      avatarUrl: input.avatarUrl,
      joinedAt: this.clock.now(),
      leftAt: undefined,
      lastReadIndex: existing?.lastReadIndex,
    }
    record.members.set(identity, member)
    this.emit('member.joined', { chatSid, member })
    return snapshot(member)
  }

  /** The member leaves; its record stays so its messages keep a name. Idempotent. */
  removeMember(chatSid: string, identity: string): Member | undefined {
    const member = this.require(chatSid, `remove ${identity} from chat ${chatSid}`).members.get(identity)
    if (!member || member.leftAt !== undefined) return member && snapshot(member)
    this.typing.stop(chatSid, identity)
    member.leftAt = this.clock.now()
    this.emit('member.left', { chatSid, member })
    return snapshot(member)
  }

  /** Current members; with `includeLeft`, those who left too. */
  members(chatSid: string, options: { includeLeft?: boolean } = {}): Member[] {
    const all = [...this.require(chatSid, `list the members of chat ${chatSid}`).members.values()]
    return snapshot(options.includeLeft ? all : all.filter((member) => member.leftAt === undefined))
  }

  member(chatSid: string, identity: string): Member | undefined {
    const member = this.records.get(chatSid)?.members.get(identity)
    return member && snapshot(member)
  }

  /**
   * Adds a message from a current member. A retry (same author, same `attributes.messageId`) returns the
   * stored message with `duplicate: true` instead of adding it again, even after the chat closed.
   */
  sendMessage(chatSid: string, input: MessageInput): SendResult {
    const action = `send a message to chat ${chatSid}`
    const message = checkMessage(input, action)
    const record = this.require(chatSid, action)
    const earlier = record.log.earlier(message.author, message.messageId)
    if (earlier) return { message: snapshot(earlier), duplicate: true }
    this.active(chatSid, action)
    const member = record.members.get(message.author)
    if (!member || member.leftAt !== undefined) {
      throw new Error(
        `Failed to ${action}: ${message.author} is not a member of it${member ? ' any more' : ''}. Please join the chat first.`,
      )
    }
    this.typing.stop(chatSid, message.author)
    return { message: this.append(record, message), duplicate: false }
  }

  /** Adds a message from a non-member author, such as the assistant's transcript or a notice. */
  postSystemMessage(chatSid: string, input: MessageInput): SendResult {
    const action = `post a system message to chat ${chatSid}`
    const message = checkMessage(input, action)
    const record = this.active(chatSid, action)
    const earlier = record.log.earlier(message.author, message.messageId)
    return earlier ? { message: snapshot(earlier), duplicate: true } : { message: this.append(record, message), duplicate: false }
  }

  /** Messages with an index above `index` (pass -1 for all kept), oldest first, for catch-up after a reconnect. */
  messagesAfter(chatSid: string, index: number): Message[] {
    return snapshot(this.require(chatSid, `read chat ${chatSid}`).log.after(index))
  }

  /**
   * The chat's live records, uncopied, for the hub's per-rebuild reads (snapshots there dominated the
   * server's CPU at scale). Read at once, copy what is kept or sent, never change them.
   */
  peek(chatSid: string): { chat: Chat; members: readonly Member[]; newest(count: number): readonly Message[] } | undefined {
    const record = this.records.get(chatSid)
    return record && { chat: record.chat, members: [...record.members.values()], newest: (count) => record.log.newest(count) }
  }

  /**
   * The kept message `author` already sent with this `attributes.messageId` (what makes a retry a
   * duplicate), found by the log's own lookup and uncopied, like {@link peek}: read it, never change it.
   */
  earlier(chatSid: string, author: string, messageId: string): Message | undefined {
    return this.records.get(chatSid)?.log.earlier(author, messageId)
  }

  /**
   * Moves a member's read horizon forward to `index` (capped at the newest message). Going back is ignored,
   * as a stale tab must not un-read what another tab read.
   */
  setLastReadIndex(chatSid: string, identity: string, index: number): Member {
    const action = `mark chat ${chatSid} read for ${identity}`
    const record = this.require(chatSid, action)
    const member = record.members.get(identity)
    if (!member) throw new Error(`Failed to ${action}: ${identity} is not a member. Please join the chat first.`)
    if (!Number.isInteger(index)) throw new Error(`Failed to ${action}: index ${index} is not a message index. Please pass a whole number.`)
    const last = record.chat.lastMessageIndex
    const target = last === undefined ? undefined : Math.min(index, last)
    if (target !== undefined && target >= 0 && (member.lastReadIndex === undefined || target > member.lastReadIndex)) {
      member.lastReadIndex = target
      this.emit('read.horizon.updated', { chatSid, member })
    }
    return snapshot(member)
  }

  /** Everything so far is read (Twilio's `setAllMessagesRead`). */
  markAllRead(chatSid: string, identity: string): Member {
    const last = this.require(chatSid, `mark chat ${chatSid} read`).chat.lastMessageIndex
    return this.setLastReadIndex(chatSid, identity, last ?? -1)
  }

  /** A typing signal from a current member; it ends by itself after the typing timeout. */
  startTyping(chatSid: string, identity: string): void {
    const action = `signal typing in chat ${chatSid}`
    const member = this.active(chatSid, action).members.get(identity)
    if (!member || member.leftAt !== undefined)
      throw new Error(`Failed to ${action}: ${identity} is not a member. Please join the chat first.`)
    this.typing.start(chatSid, identity)
  }

  stopTyping(chatSid: string, identity: string): void {
    this.typing.stop(chatSid, identity)
  }

  /**
   * Closes the chat (no more messages or members) and schedules its removal; `endReason` when Flex gave it
   * up, which the visitor is told. Idempotent.
   */
  closeChat(chatSid: string, endReason?: EndReason): Chat {
    const record = this.require(chatSid, `close chat ${chatSid}`)
    if (record.chat.state === 'closed') return snapshot(record.chat)
    this.typing.stopAll(chatSid)
    record.chat.state = 'closed'
    record.chat.closedAt = this.clock.now()
    record.chat.endReason = endReason
    record.removal = this.clock.setTimeout(() => {
      this.records.delete(chatSid)
      this.emit('chat.removed', { chatSid })
    }, this.retentionMs)
    this.emit('chat.closed', { chat: record.chat })
    return snapshot(record.chat)
  }

  /** Stops every timer (typing, retention); the store must not be used afterwards. */
  dispose(): void {
    this.typing.dispose()
    for (const record of this.records.values()) if (record.removal !== undefined) this.clock.clearTimeout(record.removal)
  }

  private append(record: ChatRecord, input: CheckedMessage): Message {
    const message = record.log.append(input, this.clock.now())
    record.chat.lastMessageIndex = message.index
    this.emit('message.added', { chatSid: record.chat.sid, message })
    return snapshot(message)
  }

  private require(chatSid: string, action: string): ChatRecord {
    const record = this.records.get(chatSid)
    if (!record)
      throw new Error(`Failed to ${action}: there is no chat ${chatSid}. It may have ended and been removed; please start a new chat.`)
    return record
  }

  private active(chatSid: string, action: string): ChatRecord {
    const record = this.require(chatSid, action)
    if (record.chat.state === 'closed') {
      throw new Error(
        `Failed to ${action}: the chat was closed at ${new Date(record.chat.closedAt ?? 0).toISOString()}. Please start a new chat.`,
      )
    }
    return record
  }

  private emit<K extends keyof ChatEvents & string>(event: K, payload: ChatEvents[K]): void {
    this.events.emit(event, snapshot(payload))
  }
}

function atLeastOne(value: number, name: string): number {
  if (!(value >= 1) || !Number.isFinite(value))
    throw new Error(`Failed to create the chat store: ${name} is ${value}. Please pass 1 or more.`)
  return value
}
