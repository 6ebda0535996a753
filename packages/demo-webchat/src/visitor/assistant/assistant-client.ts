import type { AssistantMessageBody, AssistantMessageReply } from '@flex-escalate/api'

/** sessionStorage key of the assistant's session: per tab, so a reload continues the same conversation. */
export const SESSION_KEY = 'flex-escalate-demo:assistant-session'

/** A minimal Storage, so tests can pass a Map-backed fake. */
export type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export class AssistantError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'AssistantError'
  }
}

/** How the client talks: in which language, and through which `fetch` (tests pass a fake). */
export interface AssistantClientOptions {
  /** The page's locale (BCP 47), sent with every message: the scripted assistant answers in it. */
  locale?: string
  fetch?: typeof fetch
}

/**
 * Talks to the middleware's `POST /assistant/message`. The middleware keeps the assistant's session; the page
 * only keeps its id, in sessionStorage. Every request carries the page's locale, the first one (the greeting)
 * included, so the assistant never starts in English and switches.
 *
 * @example
 * const assistant = new AssistantClient('http://127.0.0.1:4000', sessionStorage, { locale: 'es-ES' })
 * const reply = await assistant.send('Me cobraron dos veces')
 */
export class AssistantClient {
  private readonly locale: string | undefined
  private readonly fetchImpl: typeof fetch

  constructor(
    private readonly middlewareUrl: string,
    private readonly store: SessionStore,
    options: AssistantClientOptions = {},
  ) {
    this.locale = options.locale
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init))
  }

  async send(text: string, signal?: AbortSignal): Promise<AssistantMessageReply> {
    const sessionId = this.store.getItem(SESSION_KEY) ?? undefined
    try {
      return await this.post({ text, ...(sessionId ? { sessionId } : {}) }, signal)
    } catch (error) {
      // A session the middleware no longer knows (restarted, expired) is refused with a 4xx: start a new one
      // once rather than leaving the visitor stuck with an error on every message.
      if (sessionId && error instanceof AssistantError && error.status !== undefined && error.status >= 400 && error.status < 500) {
        this.store.removeItem(SESSION_KEY)
        return this.post({ text }, signal)
      }
      throw error
    }
  }

  /** Forget the session: the next message starts a new conversation with the assistant. */
  resetSession(): void {
    this.store.removeItem(SESSION_KEY)
  }

  private async post(message: Omit<AssistantMessageBody, 'locale'>, signal?: AbortSignal): Promise<AssistantMessageReply> {
    const body: AssistantMessageBody = { ...message, ...(this.locale ? { locale: this.locale } : {}) }
    let response: Response
    try {
      response = await this.fetchImpl(`${this.middlewareUrl}/assistant/message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      })
    } catch (cause) {
      throw new AssistantError(`The assistant at ${this.middlewareUrl} cannot be reached (${describe(cause)}).`)
    }
    if (!response.ok) {
      const detail = await response.text().catch(() => '')
      throw new AssistantError(`The assistant answered ${response.status}: ${detail.slice(0, 200)}`, response.status)
    }
    const reply = (await response.json()) as AssistantMessageReply
    this.store.setItem(SESSION_KEY, reply.sessionId)
    return reply
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}
