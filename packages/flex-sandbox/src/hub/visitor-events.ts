import type { VisitorEvent } from '@flex-escalate/api'
import type { ChatEvents } from '../chat-model.js'
import { toWireMember, toWireMessage } from './wire.js'

/**
 * The visitor's view of a chat-store event, or undefined when the visitor is not told (its own typing,
 * chat creation, removal: the socket closes then).
 *
 * @example
 * visitorEventFor('member.left', { chatSid, member }, 'anon_1') // { type: 'memberLeft', identity: member.identity }
 */
export function visitorEventFor<K extends keyof ChatEvents>(event: K, payload: ChatEvents[K], self: string): VisitorEvent | undefined {
  const any = payload as ChatEvents[keyof ChatEvents]
  switch (event) {
    case 'message.added':
      return { type: 'messageAdded', message: toWireMessage((any as ChatEvents['message.added']).message) }
    case 'member.joined':
      return { type: 'memberJoined', member: toWireMember((any as ChatEvents['member.joined']).member) }
    case 'member.left':
      return { type: 'memberLeft', identity: (any as ChatEvents['member.left']).member.identity }
    case 'typing.started':
    case 'typing.ended': {
      const { identity } = any as ChatEvents['typing.started']
      if (identity === self) return undefined
      return { type: event === 'typing.started' ? 'typingStarted' : 'typingEnded', identity }
    }
    case 'read.horizon.updated': {
      const { member } = any as ChatEvents['read.horizon.updated']
      return member.lastReadIndex === undefined
        ? undefined
        : { type: 'readHorizon', identity: member.identity, lastReadIndex: member.lastReadIndex }
    }
    case 'chat.closed':
      return { type: 'chatEnded' }
    default:
      return undefined
  }
}

/** The chat an event is about. */
export function chatSidOf(payload: ChatEvents[keyof ChatEvents]): string {
  const value = payload as { chatSid?: string; chat?: { sid: string } }
  return value.chatSid ?? value.chat?.sid ?? ''
}
