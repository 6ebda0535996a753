import type { AgentChat } from '@flex-escalate/api'
import { DEFAULT_VISITOR_NAME } from '@flex-escalate/api/escalation'

type Labelled = Pick<AgentChat, 'chatSid' | 'visitor' | 'preChat'>

/**
 * The name the console shows for a chat's visitor, so that chats are told apart: the task's `name` when the
 * page gave one, else the name the visitor typed in the pre-chat form, else a short label from the chat's
 * SID ("Visitor 4F2A"), the same on every reload and in every agent's console.
 *
 * @example
 * visitorLabel({ chatSid: 'CH…9c4f2a', visitor: { displayName: 'Website visitor', … } }) // 'Visitor 4F2A'
 */
export function visitorLabel(chat: Labelled): string {
  const name = chat.visitor.displayName.trim()
  if (name !== '' && name !== DEFAULT_VISITOR_NAME) return name
  const answered = chat.preChat?.name?.trim()
  if (answered) return answered
  return `Visitor ${chat.chatSid.slice(-4).toUpperCase()}`
}

/**
 * The chat with its visitor named by {@link visitorLabel}, so every part of the console (list, header,
 * messages, typing line) shows the same name.
 *
 * @example
 * const chats = state.chats.map(withVisitorLabel)
 */
export function withVisitorLabel<T extends Labelled>(chat: T): T {
  const displayName = visitorLabel(chat)
  return displayName === chat.visitor.displayName ? chat : { ...chat, visitor: { ...chat.visitor, displayName } }
}
