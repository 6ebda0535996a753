import type { EndReason } from '@flex-escalate/api/end-reason'
/**
 * The Conversations-like half of the sandbox: chats, their members and messages. Everything handed out
 * (return values, event payloads) is a snapshot copy.
 */
import type { EventOf } from './typed-emitter.js'

/** `closed` chats accept no new messages or members; they are dropped after the retention time. */
export type ChatState = 'active' | 'closed'

export interface Chat {
  readonly sid: string
  readonly friendlyName: string
  /** The visitor who opened the chat (never personal data: an opaque identity). */
  readonly visitorIdentity: string
  readonly state: ChatState
  readonly attributes: Readonly<Record<string, unknown>>
  readonly createdAt: number
  readonly closedAt: number | undefined
  /** Why Flex closed the chat when nobody in it did (no agent accepted it in time). */
  readonly endReason: EndReason | undefined
  /** Index of the newest message; undefined while the chat has none. */
  readonly lastMessageIndex: number | undefined
}

export type MemberRole = 'visitor' | 'agent'

export interface Member {
  readonly sid: string
  readonly chatSid: string
  readonly identity: string
  readonly role: MemberRole
  /** What the other side sees; never the raw identity. */
  readonly displayName: string
  readonly avatarUrl: string | undefined
  readonly joinedAt: number
  /** Set while the member has left; kept so old messages can still show who wrote them. */
  readonly leftAt: number | undefined
  /** The member's read horizon: every message up to this index is read. Only ever moves forward. */
  readonly lastReadIndex: number | undefined
}

/** A file attached to a message; the sandbox keeps its description, not its bytes. */
export interface MediaDescriptor {
  readonly sid?: string | undefined
  readonly filename: string
  readonly contentType: string
  readonly size: number
  readonly url?: string | undefined
}

export interface Message {
  readonly sid: string
  readonly chatSid: string
  /** 0 for a chat's first message, then one more for each; never reused, even after old ones are dropped. */
  readonly index: number
  /** The identity of the member (or system author) who wrote it. */
  readonly author: string
  readonly body: string
  readonly attributes: Readonly<Record<string, unknown>>
  /** Every file of the message, in the order sent; empty for text alone. */
  readonly media: readonly MediaDescriptor[]
  readonly createdAt: number
}

export interface ChatEvents {
  'chat.created': { chat: Chat }
  'message.added': { chatSid: string; message: Message }
  'member.joined': { chatSid: string; member: Member }
  'member.left': { chatSid: string; member: Member }
  'typing.started': { chatSid: string; identity: string }
  'typing.ended': { chatSid: string; identity: string }
  'read.horizon.updated': { chatSid: string; member: Member }
  'chat.closed': { chat: Chat }
  /** The closed chat's retention time passed and it is gone from memory. */
  'chat.removed': { chatSid: string }
}

/** A chat-store event as `{ type, payload }`: `switch (event.type)` narrows the payload. */
export type ChatEvent = EventOf<ChatEvents>
