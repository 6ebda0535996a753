import { TypingThrottle } from '@flex-escalate/servicedesk-twilio/sandbox'
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { messageLengthProblem } from './message-length.js'

interface Props {
  disabled: boolean
  onTyping(): void
  onSend(text: string): Promise<boolean>
}

/** The agent's input: Enter sends, Shift+Enter adds a line; typing is signalled at most every 3 s. */
export function Composer({ disabled, onTyping, onSend }: Props) {
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  // The parent passes a new callback on every render; the throttle must outlive those renders.
  const onTypingRef = useRef(onTyping)
  useEffect(() => {
    onTypingRef.current = onTyping
  }, [onTyping])
  const [throttle] = useState(() => new TypingThrottle(() => onTypingRef.current()))

  const problem = messageLengthProblem(text.trim())

  const send = async () => {
    const body = text.trim()
    if (!body || disabled || sending || problem) return
    setSending(true)
    const sent = await onSend(body)
    setSending(false)
    // Keep the text when the send was refused, so the agent can retry without retyping.
    if (sent) {
      setText('')
      throttle.reset()
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void send()
    }
  }

  return (
    <div className="composer">
      <textarea
        dir="auto"
        data-testid="chat-input"
        aria-label="Message to the visitor"
        aria-invalid={problem !== undefined}
        rows={2}
        placeholder={disabled ? 'The chat has ended.' : 'Type a message… (Enter to send)'}
        disabled={disabled}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          if (event.target.value.trim()) void throttle.update(true)
        }}
        onKeyDown={onKeyDown}
      />
      <button
        type="button"
        className="button primary"
        data-testid="chat-send"
        disabled={disabled || sending || !text.trim() || problem !== undefined}
        onClick={() => void send()}
      >
        Send
      </button>
      {problem && (
        <p className="form-error composer-problem" role="alert" data-testid="composer-problem">
          {problem}
        </p>
      )}
    </div>
  )
}
