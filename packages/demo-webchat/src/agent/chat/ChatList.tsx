import type { AgentChat } from '@flex-escalate/api'
import { presenceOf } from './presence.js'
import { unreadText } from './unread.js'
import './chat-list.css'

interface Props {
  chats: readonly AgentChat[]
  selected: string | undefined
  /** Per chat SID, the visitor's messages the agent has not had on screen. */
  unread: Readonly<Record<string, number>>
  typing: Readonly<Record<string, readonly string[]>>
  onSelect(taskSid: string): void
}

function statusOf(chat: AgentChat): string {
  if (chat.transferring) return `Transferring to ${chat.transferring.to}`
  if (chat.status === 'wrapping') return 'Wrap-up'
  if (chat.ended) return 'Ended'
  return 'Active'
}

/** The chats this agent holds; one is open at a time so the test ids of the chat view stay unique. */
export function ChatList({ chats, selected, unread, typing, onSelect }: Props) {
  return (
    <section className="panel" aria-labelledby="chats-title">
      <h2 id="chats-title">
        My chats <span className="count">{chats.length}</span>
      </h2>
      {chats.length === 0 ? (
        <p className="muted empty">Accept an offer or pick a chat from the queue.</p>
      ) : (
        <ul className="chat-list">
          {chats.map((chat) => {
            const count = unread[chat.chatSid] ?? 0
            const presence = presenceOf(chat)
            return (
              <li key={chat.taskSid}>
                <button
                  type="button"
                  className={`chat-list-item${chat.taskSid === selected ? ' selected' : ''}${count > 0 ? ' unread' : ''}`}
                  aria-current={chat.taskSid === selected ? 'true' : undefined}
                  data-testid="chat-tab"
                  data-chat-sid={chat.chatSid}
                  onClick={() => onSelect(chat.taskSid)}
                >
                  <span className="chat-list-top">
                    <span className="chat-list-name" dir="auto">
                      {chat.visitor.displayName}
                    </span>
                    {/* In words, not a coloured dot alone: read by screen readers as part of the button's name. */}
                    {count > 0 && (
                      <span className="unread-badge" data-testid="chat-unread">
                        {unreadText(count)}
                      </span>
                    )}
                  </span>
                  <span className="muted small">
                    {chat.topic ?? 'General'} · {statusOf(chat)}
                    {(typing[chat.chatSid] ?? []).includes(chat.visitor.identity) ? ' · typing…' : ''}
                  </span>
                  {presence && (
                    <span className={`presence presence-${presence.kind} small`} data-testid="chat-presence">
                      <span className="presence-dot" aria-hidden="true" />
                      {presence.text}
                    </span>
                  )}
                </button>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
