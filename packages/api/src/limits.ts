/**
 * The facts of the contract, written once: the limits and patterns of `POST /auth`'s body, the sandbox
 * protocol's sizes, close codes and paths. The TypeBox schemas (`schemas.ts`, `sandbox.ts`) are built from
 * these, and clients trim or check against the same values. Dependency-free, like `./transcript`, so a
 * browser bundle imports it without TypeBox.
 */

/** `POST /auth` body: the longest value of each field, and the most items of the lists. */
export const AUTH_LIMITS = {
  visitorName: 80,
  topic: 100,
  messageToHumanAgent: 2000,
  summaryItems: 50,
  summaryItem: 2000,
  sessionHistoryKey: 500,
  additionalDataEntries: 30,
  additionalDataValue: 1000,
  locale: 35,
  preChatEntries: 10,
  preChatValue: 200,
} as const

/** Keys of `additionalData` and `preChat`: letters, digits, `_`, `.`, `-`, at most 64 characters. */
export const ADDITIONAL_DATA_KEY_PATTERN = '^[A-Za-z0-9_.-]{1,64}$'

/**
 * The `error` code of a `POST /auth` refused because the topic's queue is outside its opening hours (a 503
 * whose body also carries `closed`, as `GET /agents/availability` does): clients tell it apart from an outage.
 */
export const CLOSED_ERROR = 'closed'

/** A BCP 47 language tag as browsers report it (`en`, `pt-BR`, `zh-Hant-TW`). */
export const LOCALE_PATTERN = '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$'
const LOCALE = new RegExp(LOCALE_PATTERN)

/**
 * Whether `value` is a language tag `/auth` and `/assistant/message` take: {@link LOCALE_PATTERN}, at most
 * `AUTH_LIMITS.locale` characters. The adapter and the demo page test a locale with it before sending one.
 *
 * @example
 * isLocaleTag('pt-BR') // true
 * isLocaleTag('es_ES') // false
 */
export function isLocaleTag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= AUTH_LIMITS.locale && LOCALE.test(value)
}

/**
 * The longest message body in characters, on every Flex: Twilio's Conversations and Programmable Chat
 * limit a message body to 32 KB (https://www.twilio.com/docs/conversations/api/conversation-message-resource),
 * and the sandbox holds its messages to the same.
 */
export const MAX_MESSAGE_BODY_LENGTH = 32_000

/** The same limit in UTF-8 bytes, which Twilio's 32 KB counts: text outside ASCII reaches it first. */
export const MAX_MESSAGE_BODY_BYTES = 32 * 1024

/** A visitor's post-chat comment (`POST /chats/rating`), at most, in characters: a few sentences. */
export const MAX_RATING_COMMENT_LENGTH = 1_000

/** The post-chat rating's scale, 1 (poor) to 5 (excellent). */
export const RATING_SCALE = { min: 1, max: 5 } as const

/** A sandbox file's `data:` URL, at most (about 1 MB of file once base64-encoded). */
export const MAX_DATA_URL_LENGTH = 1_400_000

/** A file name or content type on the sandbox protocol. */
export const MAX_MEDIA_NAME_LENGTH = 255

/**
 * The sandbox's files, both ways: the demo visitor's uploads and the agent console's attachments. At most
 * `maxBytes` each (the sandbox keeps files in memory and sends them as `data:` URLs, so under
 * {@link MAX_DATA_URL_LENGTH} once encoded), of the `accept` types (an `<input accept>` list: `image/*`,
 * `.pdf`), at most `perMessage` on one agent message. `files.ts` words a refusal.
 */
export const SANDBOX_FILES = { maxBytes: 1_000_000, accept: 'image/*,.pdf,.txt', perMessage: 10 } as const

/** Close codes of both sandbox sockets. `restarting` means: reconnect and resume. */
export const SandboxCloseCode = {
  normal: 1000,
  restarting: 4000,
  badRequest: 4400,
  unauthorized: 4401,
  notFound: 4404,
} as const

/** What a browser reports when a connection dropped without a close frame (not sent by any server). */
export const ABNORMAL_CLOSE = 1006

/** Where the middleware mounts the sandbox's two sockets (sandbox mode only). */
export const SANDBOX_PATHS = {
  visitor: '/sandbox/visitor',
  agent: '/sandbox/agent',
} as const

/**
 * The sandbox hub's rate limit, per socket (visitor and agent alike): frames a second on average and in one
 * burst, a token bucket that counts every frame a client sends. A frame over it is not handled at all, and
 * a request is answered `ok: false` with {@link SANDBOX_RATE_LIMITED}: sending it again later cannot make a
 * second message. The hub's defaults are these values; the adapter paces what it sends under them.
 */
export const SANDBOX_FRAME_RATE = { framesPerSecond: 20, framesBurst: 40 } as const

/** The error code of a sandbox request refused for going over {@link SANDBOX_FRAME_RATE}. */
export const SANDBOX_RATE_LIMITED = 'rate-limited'
