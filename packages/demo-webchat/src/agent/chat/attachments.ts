import type { WireMedia } from '@flex-escalate/api'
import { readableSize, sandboxFileProblem, tooManyFilesProblem } from '@flex-escalate/api/files'
import { SANDBOX_FILES } from '@flex-escalate/api/limits'

/** How the message list shows one file of a message. */
export interface AttachmentView {
  /** `image`: a thumbnail (a link to the full picture); `file`: a download link. */
  kind: 'image' | 'file'
  /** The file's name: the thumbnail's alt text and the link's download name. */
  name: string
  /** Name and size, as the link reads ("invoice.pdf, 16 KB"). */
  label: string
  url: string | undefined
  /** A key among the message's files. */
  key: string
}

/**
 * A message's files as the list shows them, in the order sent: pictures the browser can show as
 * thumbnails, anything else (or a file without a URL) as a link.
 *
 * @example
 * attachmentViews([{ filename: 'a.png', contentType: 'image/png', size: 2048, url: 'data:image/png;base64,…' }])
 * // [{ kind: 'image', name: 'a.png', label: 'a.png, 2 KB', url: 'data:image/png;base64,…', key: '0' }]
 */
export function attachmentViews(media: readonly WireMedia[] | undefined): AttachmentView[] {
  return (media ?? []).map((file, index) => ({
    kind: file.url && file.contentType.toLowerCase().startsWith('image/') ? 'image' : 'file',
    name: file.filename || 'file',
    label: `${file.filename || 'file'}, ${readableSize(file.size)}`,
    url: file.url,
    key: file.sid ?? String(index),
  }))
}

/**
 * The files the agent picked added to those already attached: each checked against the sandbox's limits
 * (`SANDBOX_FILES`), a refused one named with its reason instead of attached, and no more than a message carries.
 *
 * @example
 * const { files, problems } = addAttachments([], [new File([], 'empty.txt')])
 * // files: [], problems: ['The file empty.txt is empty (0 bytes), so there is nothing to send. Please choose another file.']
 */
export function addAttachments(attached: readonly File[], picked: readonly File[]): { files: File[]; problems: string[] } {
  const files = [...attached]
  const problems: string[] = []
  for (const file of picked) {
    const problem = sandboxFileProblem(file) ?? tooManyFilesProblem(files.length + 1)
    if (problem) problems.push(problem)
    else files.push(file)
  }
  return { files, problems }
}

/** What the file picker offers: the types the sandbox takes. */
export const ATTACHMENT_ACCEPT = SANDBOX_FILES.accept
