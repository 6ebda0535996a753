import { TypingThrottle } from '@flex-escalate/servicedesk-twilio/sandbox'
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { ATTACHMENT_ACCEPT, addAttachments } from './attachments.js'
import { MessageText } from './MessageText.js'
import { messageLengthProblem } from './message-length.js'

interface Props {
  disabled: boolean
  onTyping(): void
  /** Text, files or both as one message; resolves false when refused (the composer then keeps both). */
  onSend(text: string, files: readonly File[]): Promise<boolean>
}

/**
 * The agent's input: Enter sends, Shift+Enter adds a line; typing is signalled at most every 3 s. Files can
 * be attached, as in Flex (a refused one is named with the reason), and the text is previewed as the
 * visitor will see it: Carbon renders it as markdown.
 */
export function Composer({ disabled, onTyping, onSend }: Props) {
  const [text, setText] = useState('')
  const [files, setFiles] = useState<readonly File[]>([])
  const [fileProblems, setFileProblems] = useState<readonly string[]>([])
  const [sending, setSending] = useState(false)
  // The parent passes a new callback on every render; the throttle must outlive those renders.
  const onTypingRef = useRef(onTyping)
  useEffect(() => {
    onTypingRef.current = onTyping
  }, [onTyping])
  const [throttle] = useState(() => new TypingThrottle(() => onTypingRef.current()))

  const problem = messageLengthProblem(text.trim())
  const empty = !text.trim() && files.length === 0

  const send = async () => {
    const body = text.trim()
    if (empty || disabled || sending || problem) return
    setSending(true)
    const sent = await onSend(body, files)
    setSending(false)
    // Keep the text and files when the send was refused, so the agent can retry without redoing them.
    if (sent) {
      setText('')
      setFiles([])
      setFileProblems([])
      throttle.reset()
    }
  }

  const attach = (picked: FileList | null) => {
    const added = addAttachments(files, Array.from(picked ?? []))
    setFiles(added.files)
    setFileProblems(added.problems)
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
        disabled={disabled || sending || empty || problem !== undefined}
        onClick={() => void send()}
      >
        Send
      </button>
      <label className={`button composer-attach${disabled ? ' disabled' : ''}`} title="Attach files (images, PDF, text)">
        Attach
        <input
          type="file"
          className="composer-file-input"
          data-testid="chat-attach-input"
          aria-label="Attach files"
          multiple
          accept={ATTACHMENT_ACCEPT}
          disabled={disabled || sending}
          onChange={(event) => {
            attach(event.target.files)
            // The same file can be picked again after it was removed.
            event.target.value = ''
          }}
        />
      </label>
      {problem && (
        <p className="form-error composer-problem" role="alert" data-testid="composer-problem">
          {problem}
        </p>
      )}
      {fileProblems.map((why) => (
        <p key={why} className="form-error composer-problem" role="alert" data-testid="composer-file-problem">
          {why}
        </p>
      ))}
      {files.length > 0 && (
        <ul className="composer-attachments" aria-label="Attached files">
          {files.map((file, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same file may be attached twice; an item holds no state to lose.
            <li key={`${index}:${file.name}`} className="composer-attachment" data-testid="composer-attachment">
              📎 {file.name}
              <button
                type="button"
                aria-label={`Remove ${file.name}`}
                disabled={sending}
                onClick={() => setFiles(files.filter((_, at) => at !== index))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {text.trim() && (
        <section className="composer-preview" aria-label="Preview: what the visitor will see" data-testid="composer-preview">
          <span className="composer-preview-label">Preview</span>
          <MessageText text={text.trim()} markdown />
        </section>
      )}
    </div>
  )
}
