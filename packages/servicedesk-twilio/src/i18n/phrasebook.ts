import type { SizeWords } from '@flex-escalate/api/files'
import { type Catalog, en, type MessageKey } from './en.js'

/** What a sentence's `{name}` placeholders are filled with. */
export type MessageParams = Readonly<Record<string, string | number>>

/**
 * The sentences of one locale: `say` fills a catalog template's `{name}` placeholders. A placeholder with no
 * value is left as written, so a missing parameter shows up in the sentence instead of vanishing.
 *
 * @example
 * new Phrasebook('en', en).say('fileType', { accept: 'image/*' }) // 'This type of file cannot be sent. Allowed: image/*.'
 */
export class Phrasebook {
  constructor(
    /** The BCP 47 tag the sentences are in (`en`, `pt-BR`). */
    readonly locale: string,
    private readonly catalog: Catalog,
  ) {}

  say(key: MessageKey, params?: MessageParams): string {
    const template = this.catalog[key] ?? en[key]
    if (!params) return template
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name]
      return value === undefined ? whole : String(value)
    })
  }

  /** File sizes in this locale's words and number format ("1,2 MB" in Spanish), for `sizeAgainstLimit`. */
  get sizeWords(): SizeWords {
    const number = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 1 })
    return {
      bytes: (count) => this.say('sizeBytes', { count: number.format(count) }),
      kilobytes: (count) => this.say('sizeKilobytes', { count: number.format(count) }),
      megabytes: (count) => this.say('sizeMegabytes', { count: number.format(count) }),
    }
  }
}

/** English, the fallback for every other locale. */
export const ENGLISH = new Phrasebook('en', en)
