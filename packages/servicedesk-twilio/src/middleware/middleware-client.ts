import type {
  AuthReply,
  AuthRequestBody,
  AvailabilityReply,
  ClosedInfo,
  MediaLinksReply,
  PresenceBody,
  PresenceReply,
  RatingBody,
  RefreshReply,
} from '@flex-escalate/api'
import { CLOSED_ERROR } from '@flex-escalate/api/limits'
import { MiddlewareError } from './middleware-error.js'

/** How long a middleware call may take before it counts as failed. */
export const DEFAULT_TIMEOUT_MS = 15_000

interface Call {
  method: 'GET' | 'POST'
  path: string
  bearer?: string
  body?: object
  timeoutMs?: number
}

/**
 * Typed client for the auth-middleware's routes (`/auth`, `/auth/refresh`, `/chats/end`,
 * `/agents/availability`, `/chats/presence`), with a timeout on every call.
 *
 * @example
 * const middleware = new MiddlewareClient('https://support.example.com/')
 * const { agentsOnline } = await middleware.availability('billing')
 */
export class MiddlewareClient {
  /** @param baseUrl absolute URL ending in `/` (as `resolveOptions` returns it). */
  constructor(private readonly baseUrl: string) {}

  /** Opens a Flex chat; `visitorToken` is the page's identity JWT. */
  async auth(body: AuthRequestBody, visitorToken?: string): Promise<AuthReply> {
    const reply = await this.#call({ method: 'POST', path: 'auth', body, bearer: visitorToken })
    return expectFields<AuthReply>(reply, ['transport', 'chatSid', 'identity', 'token', 'sessionToken', 'sessionExpiresAt'])
  }

  /** A fresh Twilio token for the session's identity. */
  async refresh(sessionToken: string): Promise<RefreshReply> {
    const reply = await this.#call({ method: 'POST', path: 'auth/refresh', bearer: sessionToken })
    return expectFields<RefreshReply>(reply, ['identity', 'token'])
  }

  /** Closes the chat on the Flex side (idempotent). */
  async endChat(sessionToken: string): Promise<void> {
    await this.#call({ method: 'POST', path: 'chats/end', bearer: sessionToken })
  }

  /** Stores the visitor's post-chat rating on the chat's task (`POST /chats/rating`); works after the chat ended. */
  async rate(sessionToken: string, rating: RatingBody): Promise<void> {
    await this.#call({ method: 'POST', path: 'chats/rating', bearer: sessionToken, body: rating })
  }

  /**
   * Lasting URLs of files in the session's chat (`POST /media/links`), by media SID, absolute: each opens the
   * file through the middleware, which redirects to a fresh Twilio URL, so it works after minutes and reloads.
   */
  async mediaLinks(sessionToken: string, mediaSids: readonly string[]): Promise<Map<string, string>> {
    const reply = (await this.#call({ method: 'POST', path: 'media/links', bearer: sessionToken, body: { mediaSids } })) as MediaLinksReply
    return new Map(reply.links.map((link) => [link.mediaSid, new URL(link.path, this.baseUrl).href]))
  }

  /** Whether agents are online for a topic; with a session token also the queue position. */
  async availability(topic?: string, sessionToken?: string, timeoutMs?: number): Promise<AvailabilityReply> {
    const path = topic ? `agents/availability?${new URLSearchParams({ topic })}` : 'agents/availability'
    const reply = await this.#call({ method: 'GET', path, bearer: sessionToken, timeoutMs })
    return expectFields<AvailabilityReply>(reply, ['agentsOnline'])
  }

  /** The heartbeat: this page (`page`, its random id) still shows the chat. Answers when to send the next one. */
  async presence(sessionToken: string, page: string, timeoutMs?: number): Promise<PresenceReply> {
    const body: PresenceBody = { state: 'here', page }
    const reply = await this.#call({ method: 'POST', path: 'chats/presence', bearer: sessionToken, body, timeoutMs })
    return expectFields<PresenceReply>(reply, ['heartbeatSeconds'])
  }

  /**
   * Says `leaving` while the page goes away (`pagehide`), with `send` (the page's `navigator.sendBeacon`),
   * which the browser delivers after the page is gone. A beacon cannot set headers, so the session token goes
   * in its body, a string (sent as `text/plain`, which needs no CORS preflight). Without `send`, or when the
   * browser refuses the beacon, a `fetch` with `keepalive` carries the same body. Never throws.
   */
  leavingBeacon(sessionToken: string, page: string, send?: (url: string, data: string) => boolean): void {
    const url = new URL('chats/presence', this.baseUrl).href
    const body: PresenceBody = { state: 'leaving', page, sessionToken }
    const data = JSON.stringify(body)
    try {
      if (send?.(url, data)) return
    } catch {
      // A browser that throws (a body over its beacon quota) gets the fetch below.
    }
    try {
      void fetch(url, {
        method: 'POST',
        body: data,
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        keepalive: true,
        credentials: 'omit',
      }).catch(() => undefined)
    } catch {
      // Nothing more can be done while the page goes away: the middleware notices the silence instead.
    }
  }

  async #call({ method, path, bearer, body, timeoutMs = DEFAULT_TIMEOUT_MS }: Call): Promise<unknown> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (bearer) headers.authorization = `Bearer ${bearer}`
    if (body) headers['content-type'] = 'application/json'
    let response: Response
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        signal: controller.signal,
        credentials: 'omit',
      })
    } catch (error) {
      const timedOut = controller.signal.aborted
      throw new MiddlewareError(0, timedOut ? 'timeout' : 'network', timedOut ? `${method} /${path} timed out` : String(error))
    } finally {
      clearTimeout(timer)
    }
    const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined)
    if (!response.ok) {
      const { error, message, field, closed } = (payload ?? {}) as { error?: unknown; message?: unknown; field?: unknown; closed?: unknown }
      throw new MiddlewareError(
        response.status,
        typeof error === 'string' ? error : 'http_error',
        typeof message === 'string' ? message : `${method} /${path} answered ${response.status}`,
        typeof field === 'string' ? field : undefined,
        error === CLOSED_ERROR && isClosedInfo(closed) ? closed : undefined,
      )
    }
    return payload
  }
}

function isClosedInfo(value: unknown): value is ClosedInfo {
  if (typeof value !== 'object' || value === null) return false
  const { nextOpening, timeZone } = value as Record<string, unknown>
  return (nextOpening === null || typeof nextOpening === 'string') && typeof timeZone === 'string'
}

function expectFields<T>(payload: unknown, fields: Array<keyof T & string>): T {
  const missing = fields.filter((field) => typeof payload !== 'object' || payload === null || !(field in payload))
  if (missing.length > 0) {
    throw new MiddlewareError(502, 'bad_reply', `The middleware's reply lacks ${missing.join(', ')}`)
  }
  return payload as T
}
