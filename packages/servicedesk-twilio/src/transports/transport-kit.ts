import type { ChatMedia, ChatTransportEvents, ConnectionState, MemberProfile } from './chat-transport.js'

/**
 * An SDK object's `on`, limited to the events a transport uses. `Events` is computed from the SDK's own
 * generic `on` (see the transports), so the listener types stay the SDK's.
 */
export interface SdkOn<Events> {
  on<K extends keyof Events & string>(event: K, listener: Events[K]): unknown
}

type AnyListener = (...args: never[]) => void

/** The event half of a transport: typed subscribe / emit, silenced for good by `close()`. */
export class TransportEmitter {
  #listeners = new Map<keyof ChatTransportEvents, Set<AnyListener>>()
  #closed = false

  on<E extends keyof ChatTransportEvents>(event: E, listener: ChatTransportEvents[E]): () => void {
    const set = this.#listeners.get(event) ?? new Set<AnyListener>()
    this.#listeners.set(event, set)
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }

  emit<E extends keyof ChatTransportEvents>(event: E, ...args: Parameters<ChatTransportEvents[E]>): void {
    if (this.#closed) return
    for (const listener of this.#listeners.get(event) ?? []) {
      ;(listener as (...values: Parameters<ChatTransportEvents[E]>) => void)(...args)
    }
  }

  close(): void {
    this.#closed = true
    this.#listeners.clear()
  }
}

/**
 * Both SDKs report twilsock's states; anything not listed (e.g. `retrying`, `unknown`) counts as connecting.
 *
 * @example
 * toConnectionState('retrying') // 'connecting'
 */
export function toConnectionState(state: string): ConnectionState {
  if (state === 'connected' || state === 'denied') return state
  if (state === 'disconnected' || state === 'error') return 'disconnected'
  return 'connecting'
}

/** The part of both SDKs' paginators that paging forward needs. */
export interface ForwardPage<T> {
  items: T[]
  hasNextPage: boolean
  nextPage(): Promise<ForwardPage<T>>
}

/** Every item of a paginator, following `nextPage` to the end. */
export async function allPages<T>(first: ForwardPage<T>): Promise<T[]> {
  const items = [...first.items]
  let page = first
  while (page.hasNextPage) {
    page = await page.nextPage()
    items.push(...page.items)
  }
  return items
}

const AVATAR_KEYS = ['avatarUrl', 'avatar', 'image_url', 'imageUrl', 'profile_picture_url']

/**
 * A display profile from a Twilio user: its friendly name, and an http(s) avatar from its attributes.
 *
 * @example
 * profileOf({ friendlyName: 'Ana', attributes: { image_url: 'https://x/a.png' } })
 */
export function profileOf(user: { friendlyName: string | null; attributes: unknown } | undefined): MemberProfile {
  if (!user) return {}
  const attributes = isRecord(user.attributes) ? user.attributes : {}
  const avatar = AVATAR_KEYS.map((key) => attributes[key]).find(
    (value): value is string => typeof value === 'string' && /^https?:\/\//.test(value),
  )
  const friendlyName = user.friendlyName?.trim()
  return { ...(friendlyName && { friendlyName }), ...(avatar && { avatarUrl: avatar }) }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The fields of both SDKs' `Media` a delivered message needs. */
export interface SdkMedia {
  sid: string
  filename: string | null
  contentType: string
  getContentTemporaryUrl(): Promise<string | null>
}

/**
 * The files of a message as the desk handles them, in the SDK's order.
 *
 * @example
 * toChatMedia([sdkMessage.attachedMedia[0]]) // [{ sid: 'ME…', filename: 'a.png', contentType: 'image/png', getUrl }]
 */
export function toChatMedia(media: ReadonlyArray<SdkMedia | null | undefined> | null | undefined): ChatMedia[] {
  return (media ?? []).flatMap((item) =>
    item
      ? [
          {
            sid: item.sid,
            ...(item.filename && { filename: item.filename }),
            contentType: item.contentType,
            getUrl: async () => (await item.getContentTemporaryUrl()) ?? undefined,
          },
        ]
      : [],
  )
}

/**
 * Whether a Twilio SDK call was refused with 429 Too Many Requests, which Twilio never processes (always safe
 * to send again: https://www.twilio.com/docs/api/errors/20429). The SDKs do not export the error's class;
 * what they throw is, by the SDKs' own source:
 * - twilsock's `TwilsockUpstreamError` (sends, reads, typing of both SDKs): `status` 429, `description` and
 *   `message` "Too Many Requests", `body` Twilio's error (`status` 429, `code` 20429);
 * - `@twilio/mcs-client`'s `TransportError` (media uploads): `code` 429;
 * - the SDKs' command executor, for a reply it did not take: "Request responded with a non-success code 429".
 *
 * @example
 * isTooManyRequests(Object.assign(new Error('Too Many Requests'), { status: 429 })) // true
 */
export function isTooManyRequests(error: unknown): boolean {
  if (!isRecord(error)) return false
  const body = isRecord(error.body) ? error.body : {}
  if (error.status === 429 || error.code === 429 || body.status === 429 || body.code === 20429) return true
  return typeof error.message === 'string' && /too many requests|non-success code 429\b/i.test(error.message)
}
