// The same type match and size wording as the sandbox's refusals, so visitor and agent read one reason.
import { acceptsFile, sizeAgainstLimit } from '@flex-escalate/api/files'
import type { FileUploadOptions } from '../options.js'

/**
 * Why a file cannot be sent to the agent, as a sentence for the visitor; `undefined` when it can.
 *
 * @example
 * fileProblem(new File(['x'], 'a.exe'), { maxBytes: 1000, accept: 'image/*' })
 * // 'This type of file cannot be sent. Allowed: image/*.'
 */
export function fileProblem(file: File, options: FileUploadOptions | undefined): string | undefined {
  if (!options) return 'Sending files is not available in this chat.'
  // Twilio refuses empty media, and the agent would get nothing to open.
  if (file.size === 0) return 'This file is empty (0 bytes), so there is nothing to send. Please choose another file.'
  if (file.size > options.maxBytes) {
    const shown = sizeAgainstLimit(file.size, options.maxBytes)
    return `This file is too large (${shown.size}). The limit is ${shown.limit}.`
  }
  if (!acceptsFile(options.accept, file)) return `This type of file cannot be sent. Allowed: ${options.accept}.`
  return undefined
}
