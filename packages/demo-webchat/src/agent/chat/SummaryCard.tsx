import type { AgentChat } from '@flex-escalate/api'
import { preChatLines } from '../../shared/pre-chat-questions.js'

interface Props {
  chat: AgentChat
  /** The assistant's transcript message, shown here when the summary itself is empty. */
  transcript: string | undefined
}

/** What the assistant handed over: read first, before the conversation. */
export function SummaryCard({ chat, transcript }: Props) {
  const answers = preChatLines(chat.preChat)
  const lines = chat.summary.length > 0 ? chat.summary : transcript ? transcript.split(/\r?\n/).filter((l) => l.trim()) : []
  return (
    <section className="summary" data-testid="chat-summary" aria-label="Hand-over from the assistant">
      <div className="summary-head">
        <span className="summary-label">From the assistant</span>
        <span className="topic-chip" data-testid="chat-topic">
          {chat.topic ?? 'General'}
        </span>
      </div>
      {answers.length > 0 && (
        // The visitor's own answers to the pre-chat form, under the questions' labels.
        <dl className="summary-prechat" data-testid="chat-prechat" aria-label="The visitor's answers before the chat">
          {answers.map(({ key, label, answer }) => (
            <div key={key} data-testid="chat-prechat-answer" data-key={key}>
              <dt>{label}:</dt> <dd dir="auto">{answer}</dd>
            </div>
          ))}
        </dl>
      )}
      {chat.messageToHumanAgent && <p className="summary-message">{chat.messageToHumanAgent}</p>}
      {lines.length > 0 && (
        <ul className="summary-lines">
          {lines.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the summary is a fixed list that never reorders, and two lines may read the same.
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {!chat.messageToHumanAgent && lines.length === 0 && <p className="muted">The assistant left no summary.</p>}
    </section>
  )
}
