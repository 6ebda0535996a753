import type { AgentChat } from '@flex-escalate/api'
import './chat-list.css'

interface Props {
  chats: readonly AgentChat[]
  selected: string | undefined
  typing: Readonly<Record<string, readonly string[]>>
  onSelect(taskSid: string): void
}

function statusOf(chat: AgentChat): string {
  if (chat.transferring) return `Transferring to ${chat.transferring.to}`
  if (chat.status === 'wrapping') return 'Wrap-up'
  if (chat.ended) return 'Ended'
  if (chat.visitorAway) return 'Visitor left'
  return 'Active'
}

/** The chats this agent holds; one is open at a time so the test ids of the chat view stay unique. */
export function ChatList({ chats, selected, typing, onSelect }: Props) {
  return (
    <section className="panel" aria-labelledby="chats-title">
      <h2 id="chats-title">
        My chats <span className="count">{chats.length}</span>
      </h2>
      {chats.length === 0 ? (
        <p className="muted empty">Accept an offer or pick a chat from the queue.</p>
      ) : (
        <ul className="chat-list">
          {chats.map((chat) => (
            <li key={chat.taskSid}>
              <button
                type="button"
                className={`chat-list-item${chat.taskSid === selected ? ' selected' : ''}`}
                aria-current={chat.taskSid === selected ? 'true' : undefined}
                data-testid="chat-tab"
                onClick={() => onSelect(chat.taskSid)}
              >
                <span className="chat-list-name">{chat.visitor.displayName}</span>
                <span className="muted small">
                  {chat.topic ?? 'General'} · {statusOf(chat)}
                  {(typing[chat.chatSid] ?? []).includes(chat.visitor.identity) ? ' · typing…' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
