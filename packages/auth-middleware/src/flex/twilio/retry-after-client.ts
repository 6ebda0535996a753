import { AsyncLocalStorage } from 'node:async_hooks'
import twilio from 'twilio'
import type IRequestClient from 'twilio/lib/base/RequestClient.js'
import { parseRetryAfter } from './retry.js'

/** What one attempt learned from Twilio's reply headers. */
export interface ReplyHints {
  retryAfterMs?: number | undefined
}

const hints = new AsyncLocalStorage<ReplyHints>()

type RequestOptions<TData> = IRequestClient.RequestOptions<TData>

/**
 * The SDK's HTTP client, passing `Retry-After` on to the retry loop. The SDK's `RestException` keeps only
 * status and body, so the header is handed over through an AsyncLocalStorage scoped to the one attempt
 * (concurrent calls never see each other's hints).
 *
 * @example
 * const client = twilio(keySid, keySecret, { accountSid, httpClient: new RetryAfterClient({ timeout: 10_000, keepAlive: true }) })
 */
export class RetryAfterClient extends twilio.RequestClient {
  override async request<TData>(opts: RequestOptions<TData>) {
    const response = await super.request<TData>(opts)
    const store = hints.getStore()
    if (store && (response.statusCode === 429 || response.statusCode === 503)) {
      const headers = (response.headers ?? {}) as Record<string, unknown>
      store.retryAfterMs = parseRetryAfter(headers['retry-after'])
    }
    return response
  }
}

/**
 * Runs one attempt with a fresh hints record it can read afterwards.
 *
 * @example
 * const hint: ReplyHints = {}
 * await withReplyHints(hint, () => channel.fetch()).catch(() => hint.retryAfterMs)
 */
export function withReplyHints<T>(store: ReplyHints, call: () => Promise<T>): Promise<T> {
  return hints.run(store, call)
}
