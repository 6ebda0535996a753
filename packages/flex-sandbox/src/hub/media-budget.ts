import { FrameError } from './connection.js'

/** A `data:` URL's decoded size in bytes, or undefined when it is not a data URL. */
export function dataUrlBytes(dataUrl: string): number | undefined {
  const comma = dataUrl.indexOf(',')
  if (!dataUrl.startsWith('data:') || comma < 0) return undefined
  const meta = dataUrl.slice(5, comma)
  const data = dataUrl.slice(comma + 1)
  // Percent-encoded data is never larger decoded than encoded: its length is a safe upper bound.
  if (!meta.endsWith(';base64')) return data.length
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0
  return Math.floor((data.length * 3) / 4) - padding
}

/**
 * File bytes per chat. The sandbox has no media service: files live in memory as data URLs inside
 * messages, so each chat gets a budget and the whole sandbox a bound.
 *
 * @example
 * const budget = new MediaBudget(10_000_000)
 * budget.check('CH…', 2_000_000) // throws once the chat would hold more than 10 MB of files
 */
export class MediaBudget {
  private readonly used = new Map<string, number>()

  constructor(private readonly perChatBytes: number) {}

  check(chatSid: string, bytes: number): void {
    const used = this.used.get(chatSid) ?? 0
    if (used + bytes > this.perChatBytes) {
      throw new FrameError(
        'too-large',
        `Failed to send the file: this chat already holds ${used} of its ${this.perChatBytes} bytes of files. Please share a link instead.`,
      )
    }
  }

  add(chatSid: string, bytes: number): void {
    this.used.set(chatSid, (this.used.get(chatSid) ?? 0) + bytes)
  }

  forget(chatSid: string): void {
    this.used.delete(chatSid)
  }
}
