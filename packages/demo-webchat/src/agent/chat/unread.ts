import type { AgentChat } from '@flex-escalate/api'

/** Per chat SID, the newest message index the agent has had on screen (-1: none). */
export type SeenIndexes = Readonly<Record<string, number>>

type Chat = Pick<AgentChat, 'chatSid' | 'visitor' | 'messages'>

/**
 * What the agent has seen after this state: the open chat up to its newest message; another chat keeps what
 * was seen of it, and a chat seen for the first time (after a reload, or picked while another is open)
 * starts as read, so a reload does not mark everything unread. Chats that went away are forgotten.
 *
 * @example
 * seen = nextSeen(state.chats, openChatSid, seen)
 */
export function nextSeen(chats: readonly Chat[], openChatSid: string | undefined, seen: SeenIndexes): SeenIndexes {
  return Object.fromEntries(
    chats.map((chat) => {
      const newest = chat.messages.at(-1)?.index ?? -1
      return [chat.chatSid, chat.chatSid === openChatSid ? newest : (seen[chat.chatSid] ?? newest)]
    }),
  )
}

/**
 * How many of the visitor's messages in each chat the agent has not had on screen; the open chat has none.
 *
 * @example
 * unreadCounts(state.chats, openChatSid, seen)[chat.chatSid] // 2
 */
export function unreadCounts(chats: readonly Chat[], openChatSid: string | undefined, seen: SeenIndexes): Record<string, number> {
  return Object.fromEntries(
    chats.map((chat) => {
      const from = seen[chat.chatSid]
      const unread =
        chat.chatSid === openChatSid || from === undefined
          ? 0
          : chat.messages.filter((message) => message.index > from && message.author === chat.visitor.identity).length
      return [chat.chatSid, unread]
    }),
  )
}

/**
 * "1 new message", "3 new messages": the unread mark in words, so it is not told by colour alone.
 *
 * @example
 * unreadText(2) // '2 new messages'
 */
export function unreadText(count: number): string {
  return `${count} new message${count === 1 ? '' : 's'}`
}
