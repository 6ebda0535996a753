// The same type match and size wording as the sandbox's refusals, so visitor and agent read one reason.
import { acceptsFile, sizeAgainstLimit } from '@flex-escalate/api/files'
import type { Phrasebook } from '../i18n/phrasebook.js'
import type { FileUploadOptions } from '../options.js'

/**
 * Why a file cannot be sent to the agent, as a sentence for the visitor in their language; `undefined` when
 * it can.
 *
 * @example
 * fileProblem(new File(['x'], 'a.exe'), { maxBytes: 1000, accept: 'image/*' }, ENGLISH)
 * // 'This type of file cannot be sent. Allowed: image/*.'
 */
export function fileProblem(file: File, options: FileUploadOptions | undefined, phrasebook: Phrasebook): string | undefined {
  if (!options) return phrasebook.say('fileUploadOff')
  // Twilio refuses empty media, and the agent would get nothing to open.
  if (file.size === 0) return phrasebook.say('fileEmpty')
  if (file.size > options.maxBytes)
    return phrasebook.say('fileTooLarge', sizeAgainstLimit(file.size, options.maxBytes, phrasebook.sizeWords))
  if (!acceptsFile(options.accept, file)) return phrasebook.say('fileType', { accept: options.accept })
  return undefined
}
