/**
 * Which files the sandbox takes ({@link SANDBOX_FILES}) and why it refuses one, in the words the agent
 * console shows: the hub refuses with the same sentence the console shows before sending, so an agent reads
 * one reason whichever side caught it. Dependency-free, like `./limits`, so a browser bundle imports it.
 */
import { SANDBOX_FILES } from './limits.js'

/** What is known of a file before reading it: a browser `File` is one. */
export interface FileFacts {
  readonly name: string
  /** The content type (`image/png`); empty when unknown. */
  readonly type: string
  /** Bytes. */
  readonly size: number
}

/** Limits a file is held to: {@link SANDBOX_FILES} unless told otherwise. */
export interface FileLimits {
  readonly maxBytes: number
  readonly accept: string
}

/**
 * Whether an `<input accept>` list takes the file: `.pdf` by name, `image/*` by type family, `text/plain` exactly.
 *
 * @example
 * acceptsFile('image/*,.pdf', { name: 'scan.PDF', type: '' }) // true
 */
export function acceptsFile(accept: string, file: Pick<FileFacts, 'name' | 'type'>): boolean {
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

/** How sizes are written in one language: each gets the number and formats it itself ("1,2 MB" in Spanish). */
export interface SizeWords {
  /** An exact count of bytes: "1,000,001 bytes". */
  bytes(count: number): string
  /** Whole kilobytes (1 KB = 1,000 bytes): "350 KB". */
  kilobytes(count: number): string
  /** Megabytes to one decimal (1 MB = 1,000,000 bytes): "1.2 MB". */
  megabytes(count: number): string
}

/** Sizes in English, as the sandbox console shows them. */
export const ENGLISH_SIZE_WORDS: SizeWords = {
  bytes: (count) => `${count.toLocaleString('en-US')} ${count === 1 ? 'byte' : 'bytes'}`,
  kilobytes: (count) => `${count.toLocaleString('en-US')} KB`,
  megabytes: (count) => `${count.toLocaleString('en-US')} MB`,
}

/**
 * A byte count as people read it: "1.2 MB", "350 KB", "512 bytes".
 *
 * @example
 * readableSize(1_234_567) // '1.2 MB'
 */
export function readableSize(bytes: number, words: SizeWords = ENGLISH_SIZE_WORDS): string {
  if (bytes >= 1_000_000) return words.megabytes(Math.round(bytes / 100_000) / 10)
  if (bytes >= 1_000) return words.kilobytes(Math.round(bytes / 1_000))
  return words.bytes(bytes)
}

/**
 * A size and its limit, rounded ("2 MB" against "1.5 MB"), but exact where rounding would make the two read
 * the same, so that a refusal never contradicts itself.
 *
 * @example
 * sizeAgainstLimit(1_000_001, 1_000_000) // { size: '1,000,001 bytes', limit: '1,000,000 bytes (1 MB)' }
 */
export function sizeAgainstLimit(size: number, limit: number, words: SizeWords = ENGLISH_SIZE_WORDS): { size: string; limit: string } {
  const [readSize, readLimit] = [readableSize(size, words), readableSize(limit, words)]
  if (readSize !== readLimit) return { size: readSize, limit: readLimit }
  return { size: words.bytes(size), limit: `${words.bytes(limit)} (${readLimit})` }
}

/**
 * Why the sandbox would refuse the file, as a sentence for the agent; undefined when it takes it.
 *
 * @example
 * sandboxFileProblem({ name: 'big.png', type: 'image/png', size: 1_000_001 })
 * // 'The file big.png is too big: 1,000,001 bytes; the limit is 1,000,000 bytes (1 MB). Please send a smaller file.'
 */
export function sandboxFileProblem(file: FileFacts, limits: FileLimits = SANDBOX_FILES): string | undefined {
  const name = file.name.trim() || 'without a name'
  // Twilio refuses empty media too, and the reader would get nothing to open.
  if (file.size === 0) return `The file ${name} is empty (0 bytes), so there is nothing to send. Please choose another file.`
  if (file.size > limits.maxBytes) {
    const shown = sizeAgainstLimit(file.size, limits.maxBytes)
    return `The file ${name} is too big: ${shown.size}; the limit is ${shown.limit}. Please send a smaller file.`
  }
  if (!acceptsFile(limits.accept, file)) {
    const type = file.type ? ` (${file.type})` : ''
    return `The file ${name}${type} is not a type the chat takes: ${limits.accept.split(',').join(', ')}. Please send another file.`
  }
  return undefined
}

/**
 * Why a message cannot carry this many files; undefined when it can.
 *
 * @example
 * tooManyFilesProblem(11) // 'A message can carry at most 10 files; this one has 11. Please send the rest in another message.'
 */
export function tooManyFilesProblem(count: number, perMessage: number = SANDBOX_FILES.perMessage): string | undefined {
  if (count <= perMessage) return undefined
  return `A message can carry at most ${perMessage} files; this one has ${count}. Please send the rest in another message.`
}
