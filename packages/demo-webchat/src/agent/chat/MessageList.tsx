import { useEffect, useRef } from 'react'
import { clockTime } from '../time/format.js'
import { MessageFiles } from './MessageFiles.js'
import { MessageText } from './MessageText.js'
import { isMarkdown, type MessageView } from './message-view.js'

interface Props {
  views: readonly MessageView[]
  /** Index of the message that shows "Read", if the visitor has read it. */
  readIndex: number | undefined
  visitorTyping: boolean
  visitorName: string
}

/** The conversation, visitor on the left and agents on the right, newest at the bottom. */
export function MessageList({ views, readIndex, visitorTyping, visitorName }: Props) {
  const end = useRef<HTMLDivElement>(null)
  const last = views.at(-1)?.message.index

  // Follow new messages and the typing indicator, as a chat window does.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect reads neither; a new message or the typing indicator is when it must run.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' })
  }, [last, visitorTyping])

  return (
    <div className="messages" role="log" aria-live="polite" aria-label="Messages">
      {views.length === 0 && <p className="muted empty">No messages yet.</p>}
      {views.map(({ message, kind, name }) =>
        kind === 'notice' ? (
          <p key={message.index} className="message-notice" data-testid="chat-notice" data-index={message.index}>
            <time dateTime={message.createdAt}>{clockTime(message.createdAt)}</time> <span dir="auto">{message.body}</span>
          </p>
        ) : (
          <div
            key={message.index}
            className={`message message-${kind === 'me' ? 'agent mine' : kind}`}
            data-testid="chat-message"
            data-author={kind}
            data-index={message.index}
          >
            <div className="message-meta">
              <span>{name}</span>
              <time dateTime={message.createdAt}>{clockTime(message.createdAt)}</time>
            </div>
            {message.body && <MessageText text={message.body} markdown={isMarkdown({ kind })} />}
            <MessageFiles media={message.attachedMedia} />
            {readIndex === message.index && (
              <div className="read-receipt" data-testid="read-receipt">
                Read
              </div>
            )}
          </div>
        ),
      )}
      {visitorTyping && (
        <div className="typing" data-testid="visitor-typing" aria-live="polite">
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {visitorName} is typing…
        </div>
      )}
      <div ref={end} />
    </div>
  )
}
