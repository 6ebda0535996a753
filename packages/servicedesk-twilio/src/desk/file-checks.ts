import type { FileUploadOptions } from '../options.js'

function accepts(accept: string, file: File): boolean {
  const name = file.name.toLowerCase()
  const type = file.type.toLowerCase()
  return accept
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry.startsWith('.')) return name.endsWith(entry)
      if (entry.endsWith('/*')) return type.startsWith(entry.slice(0, -1))
      return type === entry
    })
}

function readableSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${Math.round(bytes / 100_000) / 10} MB`
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} KB`
  return `${bytes.toLocaleString('en-US')} bytes`
}

/**
 * "2 MB" against "1.5 MB"; but exact bytes where rounding would make the two read the same, so that the
 * sentence never contradicts itself ("1,000,001 bytes; the limit is 1,000,000 bytes (1 MB)").
 */
function sizes(size: number, limit: number): { size: string; limit: string } {
  if (readableSize(size) !== readableSize(limit)) return { size: readableSize(size), limit: readableSize(limit) }
  const exact = (bytes: number) => `${bytes.toLocaleString('en-US')} bytes`
  return { size: exact(size), limit: `${exact(limit)} (${readableSize(limit)})` }
}

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
    const shown = sizes(file.size, options.maxBytes)
    return `This file is too large (${shown.size}). The limit is ${shown.limit}.`
  }
  if (!accepts(options.accept, file)) return `This type of file cannot be sent. Allowed: ${options.accept}.`
  return undefined
}
