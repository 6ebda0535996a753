import type { WireMedia } from '@flex-escalate/api'
import { attachmentViews } from './attachments.js'
import './rich-message.css'

/** A message's files, in the order sent: pictures as thumbnails that open the full picture, others as download links. */
export function MessageFiles({ media }: { media: readonly WireMedia[] | undefined }) {
  const views = attachmentViews(media)
  if (views.length === 0) return null
  return (
    <ul className="message-files" aria-label="Files">
      {views.map((file) => (
        <li key={file.key} data-testid="message-file" data-kind={file.kind}>
          {file.kind === 'image' ? (
            <a href={file.url} download={file.name} target="_blank" rel="noreferrer" title={file.label}>
              <img className="message-thumbnail" src={file.url} alt={file.name} loading="lazy" />
            </a>
          ) : file.url ? (
            <a className="message-file" href={file.url} download={file.name} target="_blank" rel="noreferrer">
              📎 {file.label}
            </a>
          ) : (
            <span className="message-file">📎 {file.label} (not available)</span>
          )}
        </li>
      ))}
    </ul>
  )
}
