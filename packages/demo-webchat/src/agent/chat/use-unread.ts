import type { AgentChat } from '@flex-escalate/api'
import { useEffect, useRef } from 'react'
import { nextSeen, type SeenIndexes, unreadCounts } from './unread.js'

/**
 * The unread count of each chat the agent holds, cleared when a chat is opened. What was seen is a ref, not
 * state: it only changes when the chats or the open chat do, which re-render anyway.
 */
export function useUnread(chats: readonly AgentChat[], openChatSid: string | undefined): Record<string, number> {
  const seen = useRef<SeenIndexes>({})
  useEffect(() => {
    seen.current = nextSeen(chats, openChatSid, seen.current)
  }, [chats, openChatSid])
  return unreadCounts(chats, openChatSid, seen.current)
}
