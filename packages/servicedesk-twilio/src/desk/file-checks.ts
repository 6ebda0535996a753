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
  return `${bytes} bytes`
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
  if (file.size > options.maxBytes) {
    return `This file is too large (${readableSize(file.size)}). The limit is ${readableSize(options.maxBytes)}.`
  }
  if (!accepts(options.accept, file)) return `This type of file cannot be sent. Allowed: ${options.accept}.`
  return undefined
}
