import type { VisitorEvent } from '@flex-escalate/api'
import type { ChatEvent } from '../chat-model.js'
import { toWireMember, toWireMessage } from './wire.js'

/**
 * The visitor's view of a chat-store event, or undefined when the visitor is not told (its own typing,
 * chat creation, removal: the socket closes then).
 *
 * @example
 * visitorEventFor({ type: 'member.left', payload: { chatSid, member } }, 'anon_1') // { type: 'memberLeft', identity: member.identity }
 */
export function visitorEventFor(event: ChatEvent, self: string): VisitorEvent | undefined {
  switch (event.type) {
    case 'message.added':
      return { type: 'messageAdded', message: toWireMessage(event.payload.message) }
    case 'member.joined':
      return { type: 'memberJoined', member: toWireMember(event.payload.member) }
    case 'member.left':
      return { type: 'memberLeft', identity: event.payload.member.identity }
    case 'typing.started':
    case 'typing.ended': {
      const { identity } = event.payload
      if (identity === self) return undefined
      return { type: event.type === 'typing.started' ? 'typingStarted' : 'typingEnded', identity }
    }
    case 'read.horizon.updated': {
      const { member } = event.payload
      return member.lastReadIndex === undefined
        ? undefined
        : { type: 'readHorizon', identity: member.identity, lastReadIndex: member.lastReadIndex }
    }
    case 'chat.closed': {
      const { endReason } = event.payload.chat
      return endReason ? { type: 'chatEnded', reason: endReason } : { type: 'chatEnded' }
    }
    case 'chat.created':
    case 'chat.removed':
      return undefined
  }
}

/**
 * The chat an event is about.
 *
 * @example
 * chatSidOf({ type: 'chat.closed', payload: { chat } }) // chat.sid
 */
export function chatSidOf(event: ChatEvent): string {
  switch (event.type) {
    case 'chat.created':
    case 'chat.closed':
      return event.payload.chat.sid
    default:
      return event.payload.chatSid
  }
}
