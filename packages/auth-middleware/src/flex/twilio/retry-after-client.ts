import { AsyncLocalStorage } from 'node:async_hooks'
import { readFileSync } from 'node:fs'
import { Agent } from 'node:https'
import twilio from 'twilio'
import type IRequestClient from 'twilio/lib/base/RequestClient.js'
import { sendOverHttps } from './https-request.js'
import { parseRetryAfter } from './retry.js'

/** What one attempt learned from Twilio's reply headers. */
export interface ReplyHints {
  retryAfterMs?: number | undefined
}

const hints = new AsyncLocalStorage<ReplyHints>()

type RequestOptions<TData> = IRequestClient.RequestOptions<TData>

export interface RetryAfterClientOptions {
  /** The socket timeout of every call, in ms. */
  timeout: number
  /** The pool: sockets per Twilio host, kept alive when idle, and in all. */
  maxSockets: number
  maxFreeSockets: number
  maxTotalSockets: number
}

/**
 * The SDK's HTTP client, passing `Retry-After` on to the retry loop. The SDK's `RestException` keeps only
 * status and body, so the header is handed over through an AsyncLocalStorage scoped to the one attempt
 * (concurrent calls never see each other's hints).
 *
 * Calls go out on Node's `https` through one keep-alive pool ({@link sendOverHttps}), not through the SDK's
 * axios layer, which cost a sixth of the middleware's CPU per `/auth`. With `HTTP_PROXY` set they go
 * through the SDK's own client, which knows proxies; `TWILIO_CA_BUNDLE` is honoured as the SDK does.
 *
 * @example
 * const client = twilio(keySid, keySecret, { accountSid, httpClient: new RetryAfterClient({ timeout: 10_000, maxSockets: 100, maxFreeSockets: 100, maxTotalSockets: 400 }) })
 */
export class RetryAfterClient extends twilio.RequestClient {
  readonly #agent: Agent | undefined
  readonly #timeoutMs: number

  constructor(options: RetryAfterClientOptions) {
    super({ ...options, keepAlive: true })
    this.#timeoutMs = options.timeout
    const bundle = process.env.TWILIO_CA_BUNDLE
    this.#agent = process.env.HTTP_PROXY
      ? undefined
      : new Agent({ keepAlive: true, ...options, ...(bundle !== undefined && { ca: readFileSync(bundle) }) })
  }

  override async request<TData>(opts: RequestOptions<TData>) {
    const response = this.#agent ? await sendOverHttps<TData>(this.#agent, this.#timeoutMs, opts) : await super.request<TData>(opts)
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
