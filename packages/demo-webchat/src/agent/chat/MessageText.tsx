import { renderMarkdown } from './markdown.js'
import './rich-message.css'

interface Props {
  text: string
  /** Render as markdown, as the visitor's chat window does (an agent's text); otherwise as typed. */
  markdown: boolean
  testId?: string
}

/** A message's text. A visitor writing Arabic or Hebrew reads right to left, whatever the page's direction. */
export function MessageText({ text, markdown, testId }: Props) {
  if (!markdown) {
    return (
      <div className="message-body" dir="auto" data-testid={testId}>
        {text}
      </div>
    )
  }
  return (
    <div
      className="message-body markdown"
      dir="auto"
      data-testid={testId}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: markdown-it with html off escapes the text and emits only its own elements (markdown.ts, tested).
      dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }}
    />
  )
}
