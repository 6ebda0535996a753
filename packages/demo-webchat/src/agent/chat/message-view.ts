import type { AgentChat, AgentState, WireMessage } from '@flex-escalate/api'
import { PRESENCE_NOTICE_KIND, TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from '@flex-escalate/api/transcript'

/** `notice`: the middleware telling the agent the visitor left the page or came back (a line, not a bubble). */
export type AuthorKind = 'visitor' | 'me' | 'agent' | 'assistant' | 'notice'

export interface MessageView {
  message: WireMessage
  kind: AuthorKind
  /** Who to show as the author: never a raw identity. */
  name: string
}

/**
 * Whether the message's text is markdown to the reader: the visitor's chat window (Carbon) renders an
 * agent's text as markdown, so the console shows it so too; the visitor's own text is shown as typed.
 */
export function isMarkdown(view: Pick<MessageView, 'kind'>): boolean {
  return view.kind === 'me' || view.kind === 'agent'
}

/** The assistant's hand-over message: shown in the summary card, not among the chat messages. */
export function isTranscript(message: WireMessage): boolean {
  return message.attributes.kind === TRANSCRIPT_KIND || message.author === TRANSCRIPT_AUTHOR
}

/**
 * Who wrote a message. The state names the visitor's identity but not the agents' chat identities, so an
 * agent author is matched against the workers' SIDs and names; anything else not from the visitor is still
 * an agent (one who has since left, for example).
 */
export function viewOf(message: WireMessage, chat: AgentChat, state: Pick<AgentState, 'worker' | 'agents'>): MessageView {
  if (isTranscript(message)) return { message, kind: 'assistant', name: 'Assistant' }
  if (message.attributes.kind === PRESENCE_NOTICE_KIND) return { message, kind: 'notice', name: 'Presence' }
  if (message.author === chat.visitor.identity) return { message, kind: 'visitor', name: chat.visitor.displayName }
  const { worker } = state
  if (message.author === worker.sid || message.author === worker.name) return { message, kind: 'me', name: 'You' }
  const other = state.agents.find((agent) => agent.sid === message.author || agent.name === message.author)
  return { message, kind: 'agent', name: other?.name ?? 'Agent' }
}

/** The visitor's read horizon: the larger of the state's and the latest `readHorizon` event's. */
export function visitorReadIndex(chat: AgentChat, horizonFromEvents: number | undefined): number | undefined {
  const fromState = chat.visitor.lastReadIndex
  if (fromState === undefined) return horizonFromEvents
  if (horizonFromEvents === undefined) return fromState
  return Math.max(fromState, horizonFromEvents)
}

/** Index of the last message the agents' side wrote, which carries the "Read" receipt. */
export function lastAgentMessageIndex(views: readonly MessageView[]): number | undefined {
  for (let i = views.length - 1; i >= 0; i--) {
    const view = views[i]
    if (view && (view.kind === 'me' || view.kind === 'agent')) return view.message.index
  }
  return undefined
}

/** The newest index in the chat; what `read` marks as read when the agent sees the chat. */
export function newestIndex(chat: AgentChat): number | undefined {
  return chat.messages.at(-1)?.index
}
