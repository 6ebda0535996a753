import type { AgentState, WireMessage } from '@flex-escalate/api'

/**
 * The state with a `messageAdded` message appended to its chat, or the same state when there is nothing
 * to add. The server sends each message at once as `messageAdded` and again inside the next (debounced)
 * `state`, which replaces the whole view; so a message whose index the chat already shows is skipped, and
 * one for a chat the state does not list yet waits for the state that brings the chat. Messages stay in
 * index order even if an event is older than what a state already showed.
 *
 * @example
 * setState((current) => current && appendMessage(current, event.chatSid, event.message))
 */
export function appendMessage(state: AgentState, chatSid: string, message: WireMessage): AgentState {
  const at = state.chats.findIndex((chat) => chat.chatSid === chatSid)
  const chat = state.chats[at]
  if (!chat || chat.messages.some((known) => known.index === message.index)) return state
  const messages = [...chat.messages, message].sort((a, b) => a.index - b.index)
  const chats = state.chats.map((other, i) => (i === at ? { ...chat, messages } : other))
  return { ...state, chats }
}
