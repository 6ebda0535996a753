import type { AgentChat } from '@flex-escalate/api'

/** Whether the visitor is on the page, in words and as a kind for the dot's colour. */
export interface Presence {
  kind: 'here' | 'away'
  text: string
}

/**
 * The visitor's presence for the chat list and header: on the page, or left it (the middleware's departure
 * detection, `visitorAway`). An ended chat has none to show.
 *
 * @example
 * presenceOf(chat)?.text // 'Visitor left'
 */
export function presenceOf(chat: Pick<AgentChat, 'ended' | 'status' | 'visitorAway'>): Presence | undefined {
  if (chat.ended || chat.status === 'wrapping') return undefined
  return chat.visitorAway ? { kind: 'away', text: 'Visitor left' } : { kind: 'here', text: 'Visitor on the page' }
}
