import { isLocaleTag } from '@flex-escalate/api/limits'
import { catalogTagFor } from './i18n/catalogs.js'
import type { Catalog, MessageKey } from './i18n/en.js'
import { en } from './i18n/en.js'
import type { Phrasebook } from './i18n/phrasebook.js'
import { MESSAGE_KEYS, phrasebookFor, placeholdersOf, visitorLocale } from './i18n/visitor-locale.js'
import { completeLogger, type Logger } from './logger.js'

/** Which files a visitor may send to the agent. */
export interface FileUploadOptions {
  /** Largest accepted file, in bytes (Twilio's limit for chat media is 150 MB). */
  maxBytes: number
  /** Accepted types, as in an `<input type="file" accept>`: `"image/*,.pdf,application/zip"`. */
  accept: string
}

/** What `createTwilioFlexServiceDesk` accepts. */
export interface TwilioFlexServiceDeskOptions {
  /** Absolute http(s) URL of the auth-middleware, e.g. `https://support.example.com/flex`. */
  middlewareUrl: string
  /** Resolves the visitor's identity JWT sent to `/auth` (`undefined`: anonymous visitor). */
  getVisitorToken?: () => Promise<string | undefined>
  /** Enables file uploads to the agent; absent: uploads are off. */
  fileUpload?: FileUploadOptions
  /** How often to ask for the queue position while waiting for an agent, in ms (default 10 000, minimum 2 000). */
  availabilityPollMs?: number
  /**
   * While no agent has joined yet: how long a lost connection may take to come back, in ms (default 30 000,
   * minimum 1 000). A shorter loss is not shown at all; a longer one ends the Flex chat (`/chats/end`) and
   * tells the visitor to ask again, instead of leaving an agent a chat nobody sees.
   */
  waitingReconnectTimeoutMs?: number
  /**
   * When an agent ends the chat, ask the visitor to rate it (1 to 5, then an optional comment) inside the chat
   * window, and store the answer on the Flex task (`POST /chats/rating`). Default `false`.
   */
  rating?: boolean
  /**
   * The visitor's language, as a BCP 47 tag (`es`, `pt-BR`): it picks the sentences the visitor reads and
   * reaches Flex as the task's `language`. Default: the first of `navigator.languages` the adapter speaks
   * (en, es, fr, de, pt-BR), else the browser's first language with English sentences.
   */
  locale?: string
  /**
   * Sentences to use instead of the catalog's, by key (the keys of the English catalog, `en.ts`): to reword
   * one, or to translate all of them into a language the adapter does not ship. `{name}` placeholders are
   * filled in as in the catalog.
   */
  messages?: Partial<Record<MessageKey, string>>
  /** Receives diagnostics; defaults to warnings and errors on the console. */
  logger?: Partial<Logger>
}

/** The options after validation, with defaults applied. */
export interface ResolvedOptions {
  middlewareUrl: string
  getVisitorToken: () => Promise<string | undefined>
  fileUpload: FileUploadOptions | undefined
  availabilityPollMs: number
  waitingReconnectTimeoutMs: number
  /** Whether the post-chat survey runs when an agent ends the chat. */
  rating: boolean
  logger: Logger
  /** The visitor's locale (the option, else the browser's), sent to `/auth`; undefined when unknown. */
  locale: string | undefined
  /** The page's own sentences, over the catalog's. */
  messages: Partial<Catalog>
  /**
   * Every sentence the visitor reads: in English (with `messages`) from `resolveOptions`, in the chosen
   * locale once the factory loaded its catalog (`loadPhrasebook`).
   */
  phrasebook: Phrasebook
}

export const DEFAULT_AVAILABILITY_POLL_MS = 10_000
const MIN_AVAILABILITY_POLL_MS = 2_000
export const DEFAULT_WAITING_RECONNECT_TIMEOUT_MS = 30_000
const MIN_WAITING_RECONNECT_TIMEOUT_MS = 1_000

function fail(problem: string, fix: string): never {
  throw new Error(`Failed to create the Twilio Flex service desk: ${problem}. Please ${fix}.`)
}

function checkMiddlewareUrl(value: unknown): string {
  const fix = 'pass the absolute URL of your auth-middleware, for example "https://support.example.com/flex"'
  if (typeof value !== 'string' || value.trim() === '') fail('middlewareUrl is required', fix)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    fail(`middlewareUrl must be an absolute http(s) URL, got "${value}"`, fix)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(`middlewareUrl must use http or https, got "${url.protocol}"`, fix)
  }
  if (url.search || url.hash) fail('middlewareUrl must not contain a query or a fragment', fix)
  return url.href.endsWith('/') ? url.href : `${url.href}/`
}

function checkFileUpload(value: unknown): FileUploadOptions | undefined {
  if (value === undefined) return undefined
  const fix = 'pass fileUpload as { maxBytes: 10_000_000, accept: "image/*,.pdf" } or leave it out'
  if (typeof value !== 'object' || value === null) fail('fileUpload must be an object', fix)
  const { maxBytes, accept } = value as Record<string, unknown>
  if (typeof maxBytes !== 'number' || !Number.isInteger(maxBytes) || maxBytes <= 0) {
    fail('fileUpload.maxBytes must be a positive whole number of bytes', fix)
  }
  if (typeof accept !== 'string' || accept.trim() === '') {
    fail('fileUpload.accept must list the accepted file types', fix)
  }
  return { maxBytes, accept }
}

/** A duration option: `fallback` when left out, otherwise a finite number of at least `min` milliseconds. */
function checkMilliseconds(name: string, value: unknown, min: number, fallback: number, example: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(
      `${name} must be a number of milliseconds of at least ${min}`,
      `pass for example ${example}, or leave it out for the default of ${fallback}`,
    )
  }
  return value
}

function checkBoolean(name: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') fail(`${name} must be true or false`, `pass ${name}: true, or leave it out`)
  return value === true
}

function checkFunction<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    fail(`${name} must be a function`, `pass a function for ${name} or leave it out`)
  }
  return value
}

function checkLocale(value: unknown): string | undefined {
  if (value === undefined || isLocaleTag(value)) return value
  fail(
    `locale must be a BCP 47 language tag such as "es" or "pt-BR", got ${JSON.stringify(value)}`,
    "pass the page's language (for example document.documentElement.lang), or leave it out to use the browser's",
  )
}

function checkMessages(value: unknown): Partial<Catalog> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('messages must be an object of sentences by key', 'pass for example { ratingSkip: "No thanks" }, or leave it out')
  }
  for (const [key, template] of Object.entries(value)) {
    if (!MESSAGE_KEYS.includes(key as MessageKey)) {
      fail(
        `messages.${key} is not a sentence the adapter shows`,
        'use the keys of the English catalog (README, "Languages"), such as ratingSkip',
      )
    }
    if (typeof template !== 'string' || template.trim() === '')
      fail(`messages.${key} must be a non-empty string`, `pass the sentence, or leave ${key} out`)
    const known = placeholdersOf(en[key as MessageKey])
    const unknown = placeholdersOf(template).filter((name) => !known.includes(name))
    if (unknown.length > 0) {
      const allowed = known.length > 0 ? `use only ${known.map((name) => `{${name}}`).join(', ')}` : 'write it without placeholders'
      fail(`messages.${key} uses {${unknown[0]}}, which this sentence does not have`, allowed)
    }
  }
  return value as Partial<Catalog>
}

/**
 * Validates what a page passes and applies the defaults; throws an `Error` naming the wrong option.
 *
 * @example
 * resolveOptions({ middlewareUrl: 'https://support.example.com' }).availabilityPollMs // 10000
 */
export function resolveOptions(options: TwilioFlexServiceDeskOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    fail('options are missing', 'call createTwilioFlexServiceDesk({ middlewareUrl: "https://..." })')
  }
  const getVisitorToken = checkFunction('getVisitorToken', options.getVisitorToken)
  if (options.logger !== undefined && (typeof options.logger !== 'object' || options.logger === null)) {
    fail('logger must be an object with debug/info/warn/error methods', 'pass console or leave it out')
  }
  const logger = completeLogger(options.logger)
  const locale = visitorLocale(checkLocale(options.locale))
  const messages = checkMessages(options.messages)
  if (options.locale !== undefined && catalogTagFor(options.locale) === undefined && Object.keys(messages).length === 0) {
    logger.warn(
      `The adapter has no sentences in "${options.locale}", so the visitor reads English. Please pass messages with your translations (README, "Languages").`,
    )
  }
  return {
    middlewareUrl: checkMiddlewareUrl(options.middlewareUrl),
    getVisitorToken: getVisitorToken ?? (async () => undefined),
    fileUpload: checkFileUpload(options.fileUpload),
    availabilityPollMs: checkMilliseconds(
      'availabilityPollMs',
      options.availabilityPollMs,
      MIN_AVAILABILITY_POLL_MS,
      DEFAULT_AVAILABILITY_POLL_MS,
      10_000,
    ),
    waitingReconnectTimeoutMs: checkMilliseconds(
      'waitingReconnectTimeoutMs',
      options.waitingReconnectTimeoutMs,
      MIN_WAITING_RECONNECT_TIMEOUT_MS,
      DEFAULT_WAITING_RECONNECT_TIMEOUT_MS,
      30_000,
    ),
    rating: checkBoolean('rating', options.rating),
    logger,
    locale,
    messages,
    phrasebook: phrasebookFor(undefined, messages),
  }
}
