/**
 * The local Flex sandbox's WebSocket protocol: JSON text frames, one object each.
 *
 * Two sockets on the middleware, both only mounted in sandbox mode:
 * - `/sandbox/visitor`: the adapter's `sandbox` transport (what `twilio-chat` / `@twilio/conversations` do
 *   for Twilio). The first frame must be `authenticate` with the access token from `POST /auth`.
 * - `/sandbox/agent`: the demo's agent console. The first frame must be `signIn` with an agent name.
 *
 * Requests carry an `id`; the server answers each with one `reply` of the same `id`. Everything else the
 * server sends is an event. Close codes: `SandboxCloseCode` (limits.ts). Paths: `SANDBOX_PATHS`.
 *
 * Both directions are schemas, so a server checks what it is sent and a client what it receives:
 * `VisitorProtocol` and `AgentProtocol` bundle each socket's requests, the results clients read, and events.
 */
import { type Static, Type } from 'typebox'
import { END_REASONS } from './end-reason.js'
import { LOCALE_PATTERN, MAX_DATA_URL_LENGTH, MAX_MEDIA_NAME_LENGTH, MAX_MESSAGE_BODY_LENGTH, SANDBOX_FILES } from './limits.js'

const id = Type.Integer({ minimum: 0, maximum: 2 ** 31 })
const sid = Type.String({ pattern: '^[A-Z]{2}[0-9a-f]{32}$' })
const endReason = Type.Enum(END_REASONS)
const body = Type.String({ maxLength: MAX_MESSAGE_BODY_LENGTH })
const mediaName = (minLength = 0) => Type.String({ minLength, maxLength: MAX_MEDIA_NAME_LENGTH })

// ---- shapes shared by both sockets ------------------------------------------------------------------

export const WireMedia = Type.Object({
  filename: mediaName(),
  contentType: mediaName(),
  size: Type.Integer({ minimum: 0 }),
  /** A `data:` URL in the sandbox (no media service); Twilio would give a short-lived https URL. */
  url: Type.Optional(Type.String()),
  /** The file's id (`ME…`), stable across reloads. */
  sid: Type.Optional(sid),
})
export type WireMedia = Static<typeof WireMedia>

/** A file as a client sends it: the hub checks it against `SANDBOX_FILES` (`files.ts` words a refusal). */
export const WireUpload = Type.Object({
  filename: mediaName(1),
  contentType: mediaName(1),
  /** `data:` URL of the file, at most ~1 MB. */
  dataUrl: Type.String({ pattern: '^data:', maxLength: MAX_DATA_URL_LENGTH }),
})
export type WireUpload = Static<typeof WireUpload>

export const WireMessage = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  author: Type.String(),
  body: Type.String(),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  /**
   * Every file of the message, in the order sent (a visitor's message has one, an agent's up to
   * `SANDBOX_FILES.perMessage`), as Conversations' `Message.attachedMedia`.
   */
  attachedMedia: Type.Optional(Type.Array(WireMedia, { minItems: 1 })),
  /** The first of `attachedMedia`, as Conversations' older `Message.media`: for readers of one file. */
  media: Type.Optional(WireMedia),
  createdAt: Type.String({ format: 'date-time' }),
})
export type WireMessage = Static<typeof WireMessage>

export const WireMember = Type.Object({
  identity: Type.String(),
  role: Type.Union([Type.Literal('visitor'), Type.Literal('agent')]),
  /** The name to show: never the raw identity. */
  displayName: Type.String(),
  avatarUrl: Type.Optional(Type.String()),
  lastReadIndex: Type.Optional(Type.Integer({ minimum: 0 })),
})
export type WireMember = Static<typeof WireMember>

const error = Type.Object({ code: Type.String(), message: Type.String() })

/** The answer to a request. */
export const ReplyFrame = Type.Union([
  Type.Object({ type: Type.Literal('reply'), id, ok: Type.Literal(true), result: Type.Optional(Type.Unknown()) }),
  Type.Object({ type: Type.Literal('reply'), id, ok: Type.Literal(false), error }),
])
export type ReplyFrame = Static<typeof ReplyFrame>

// ---- /sandbox/visitor ------------------------------------------------------------------------------

export const VisitorRequest = Type.Union([
  /** First frame. Result: {@link VisitorReady}. */
  Type.Object({ type: Type.Literal('authenticate'), id, token: Type.String({ maxLength: 8192 }), chatSid: sid }),
  /** Result: `{index}` of the stored message (the same for a retry with the same `attributes.messageId`). */
  Type.Object({
    type: Type.Literal('send'),
    id,
    body,
    attributes: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1000 }), { maxProperties: 20 }),
    media: Type.Optional(WireUpload),
  }),
  /**
   * Result: `{messages}` with index greater than `afterIndex`, oldest first. A reply may be partial (the
   * server bounds its size): ask again from the newest index until a reply comes back empty.
   */
  Type.Object({ type: Type.Literal('history'), id, afterIndex: Type.Integer({ minimum: -1 }) }),
  /** Marks every message read (or up to `index`). */
  Type.Object({ type: Type.Literal('read'), id, index: Type.Optional(Type.Integer({ minimum: 0 })) }),
  /** Swaps the access token before it expires (the adapter refreshes it through `/auth/refresh`). */
  Type.Object({ type: Type.Literal('updateToken'), id, token: Type.String({ maxLength: 8192 }) }),
  Type.Object({ type: Type.Literal('leave'), id }),
  /** "The visitor is typing"; no reply. Send at most every few seconds. */
  Type.Object({ type: Type.Literal('typing') }),
])
export type VisitorRequest = Static<typeof VisitorRequest>

const identity = Type.String()
const lastReadIndex = Type.Integer({ minimum: 0 })

/** Result of `authenticate`. */
export const VisitorReady = Type.Object({
  chat: Type.Object({
    sid,
    state: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
    /** Why a closed chat ended, when Flex gave it up. */
    endReason: Type.Optional(endReason),
  }),
  members: Type.Array(WireMember),
  /** Seconds until the access token expires. */
  tokenExpiresIn: Type.Number(),
})
export type VisitorReady = Static<typeof VisitorReady>

/** Everything the server sends on `/sandbox/visitor` that is not a `reply`. */
export const VisitorEvent = Type.Union([
  Type.Object({ type: Type.Literal('messageAdded'), message: WireMessage }),
  Type.Object({ type: Type.Literal('memberJoined'), member: WireMember }),
  Type.Object({ type: Type.Literal('memberLeft'), identity }),
  Type.Object({ type: Type.Literal('typingStarted'), identity }),
  Type.Object({ type: Type.Literal('typingEnded'), identity }),
  Type.Object({ type: Type.Literal('readHorizon'), identity, lastReadIndex }),
  /** The agent (or Flex) ended the chat; `reason` when Flex gave it up (see end-reason.ts). */
  Type.Object({ type: Type.Literal('chatEnded'), reason: Type.Optional(endReason) }),
  /** Sent a few minutes before the token expires, as Twilio's SDKs do. */
  Type.Object({ type: Type.Literal('tokenAboutToExpire') }),
  Type.Object({ type: Type.Literal('tokenExpired') }),
])
export type VisitorEvent = Static<typeof VisitorEvent>

/** Result of the visitor's `history`: messages after `afterIndex`, oldest first (possibly one page of them). */
export const HistoryResult = Type.Object({ messages: Type.Array(WireMessage) })
export type HistoryResult = Static<typeof HistoryResult>

/** Result of the agent's `upload`: the file's id, for the `media` of a `send` to the same chat. */
export const UploadResult = Type.Object({ sid })
export type UploadResult = Static<typeof UploadResult>

/** Result of `send` (both sockets): the index the message was stored at. */
export const SendResult = Type.Object({ index: Type.Integer({ minimum: 0 }) })
export type SendResult = Static<typeof SendResult>

/**
 * The results clients read, by request type; a request not listed answers nothing a client relies on.
 * A client checks each `reply.result` against these, so a server that drifted from the contract fails
 * the one request, loudly, instead of handing a malformed value to the code that asked.
 */
export const VisitorResults = { authenticate: VisitorReady, history: HistoryResult, send: SendResult }

/** `/sandbox/visitor` as a client sees it: what it may send, what comes back, and what it may be sent. */
export const VisitorProtocol = { requests: VisitorRequest, results: VisitorResults, events: VisitorEvent }

// ---- /sandbox/agent --------------------------------------------------------------------------------

const name = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' })

export const AgentActivity = Type.Union([Type.Literal('Offline'), Type.Literal('Available'), Type.Literal('Unavailable')])
export type AgentActivity = Static<typeof AgentActivity>

export const AgentRequest = Type.Union([
  /** First frame: sign in (sandbox only, no password). Result: the first {@link AgentState}. */
  Type.Object({
    type: Type.Literal('signIn'),
    id,
    name,
    skills: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
    /** Languages the agent speaks (BCP 47, e.g. `es`): a chat in one of them is offered to them first. */
    languages: Type.Optional(Type.Array(Type.String({ pattern: LOCALE_PATTERN, maxLength: 35 }), { maxItems: 10 })),
  }),
  Type.Object({
    type: Type.Literal('setActivity'),
    id,
    activity: AgentActivity,
  }),
  Type.Object({ type: Type.Literal('accept'), id, reservationSid: sid }),
  Type.Object({ type: Type.Literal('reject'), id, reservationSid: sid }),
  /** Cherry-pick a waiting chat from the queue view. */
  Type.Object({ type: Type.Literal('pick'), id, taskSid: sid }),
  /**
   * A file for the agent's next message in the chat, one a frame (as Twilio's media service takes a file
   * before the message that names it). Result: {@link UploadResult}. Refused `bad-file` with the reason
   * (`files.ts`) when it is empty, too big or of a type the sandbox does not take.
   */
  Type.Object({ type: Type.Literal('upload'), id, chatSid: sid, file: WireUpload }),
  /**
   * Text, files (the `sid`s of this agent's uploads to the chat), or both, as a Flex agent sends them.
   * Refused `invalid` with neither, `not-found` for a file not uploaded to this chat or already sent.
   */
  Type.Object({
    type: Type.Literal('send'),
    id,
    chatSid: sid,
    body,
    media: Type.Optional(Type.Array(sid, { minItems: 1, maxItems: SANDBOX_FILES.perMessage })),
  }),
  Type.Object({ type: Type.Literal('read'), id, chatSid: sid, index: Type.Optional(Type.Integer({ minimum: 0 })) }),
  /** To a named agent or to a queue (by name). */
  Type.Object({
    type: Type.Literal('transfer'),
    id,
    taskSid: sid,
    to: Type.Union([Type.Object({ worker: name }), Type.Object({ queue: name })]),
  }),
  /** Leave the chat; it goes back to the queue for another agent. */
  Type.Object({ type: Type.Literal('leave'), id, taskSid: sid }),
  /** End the chat for the visitor; the task goes to wrap-up. */
  Type.Object({ type: Type.Literal('end'), id, taskSid: sid }),
  /** Finish wrap-up; the task is completed and the capacity freed. */
  Type.Object({ type: Type.Literal('complete'), id, taskSid: sid }),
  /** "The agent is typing" in a chat; no reply. */
  Type.Object({ type: Type.Literal('typing'), chatSid: sid }),
])
export type AgentRequest = Static<typeof AgentRequest>

/** A chat the agent holds (assigned or wrapping). */
export const AgentChat = Type.Object({
  taskSid: sid,
  chatSid: sid,
  status: Type.Union([Type.Literal('assigned'), Type.Literal('wrapping')]),
  topic: Type.Optional(Type.String()),
  visitor: WireMember,
  /** What the assistant told the agent: shown first. */
  messageToHumanAgent: Type.Optional(Type.String()),
  summary: Type.Array(Type.String()),
  /** The visitor's answers to the pre-chat form (the task's `preChat` attribute), question key to answer. */
  preChat: Type.Optional(Type.Record(Type.String(), Type.String())),
  messages: Type.Array(WireMessage),
  /** The visitor's post-chat rating (the task's `rating` and `ratingComment` attributes), once given. */
  rating: Type.Optional(Type.Object({ rating: Type.Integer(), comment: Type.Optional(Type.String()) })),
  /** The chat is closed (ended by the agent or the visitor). */
  ended: Type.Boolean(),
  /** Set while this agent has a transfer of the chat in progress. */
  transferring: Type.Optional(Type.Object({ to: Type.String() })),
  /**
   * Set while the visitor seems to have left the page (tab closed, navigated away, device gone): since when,
   * and when the chat ends unless the visitor comes back. Cleared when they do.
   */
  visitorAway: Type.Optional(Type.Object({ since: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }) })),
})
export type AgentChat = Static<typeof AgentChat>

/** Everything the console shows, sent after every change that concerns this agent (debounced). */
export const AgentState = Type.Object({
  worker: Type.Object({
    sid,
    name: Type.String(),
    activity: AgentActivity,
    skills: Type.Array(Type.String()),
    /** Primary language subtags, lower case (`es`), as tasks carry `language`. */
    languages: Type.Array(Type.String()),
    chatCapacity: Type.Integer({ minimum: 0 }),
  }),
  /** Other agents, for transfers. */
  agents: Type.Array(Type.Object({ sid, name: Type.String(), activity: AgentActivity })),
  queues: Type.Array(Type.Object({ sid, name: Type.String() })),
  /** The queue view: chats waiting in the queues this agent serves, first in line first. */
  waiting: Type.Array(
    Type.Object({
      taskSid: sid,
      queue: Type.String(),
      topic: Type.Optional(Type.String()),
      visitorName: Type.String(),
      position: Type.Integer({ minimum: 1 }),
      waitingSeconds: Type.Number({ minimum: 0 }),
    }),
  ),
  /** Offers waiting for this agent's answer. */
  offers: Type.Array(
    Type.Object({
      reservationSid: sid,
      taskSid: sid,
      purpose: Type.Union([Type.Literal('routing'), Type.Literal('transfer')]),
      topic: Type.Optional(Type.String()),
      visitorName: Type.String(),
      /** ISO time the offer times out and goes to the next agent. */
      expiresAt: Type.String({ format: 'date-time' }),
    }),
  ),
  chats: Type.Array(AgentChat),
})
export type AgentState = Static<typeof AgentState>

/** Everything the server sends on `/sandbox/agent` that is not a `reply`. */
export const AgentEvent = Type.Union([
  Type.Object({ type: Type.Literal('state'), state: AgentState }),
  /**
   * A message in a chat the agent holds, sent at once (`state` is debounced). The next `state` still
   * carries it: a console may ignore this event, or append it at once and skip indexes it already has.
   */
  Type.Object({ type: Type.Literal('messageAdded'), chatSid: sid, message: WireMessage }),
  Type.Object({ type: Type.Literal('typing'), chatSid: sid, identity, typing: Type.Boolean() }),
  Type.Object({ type: Type.Literal('readHorizon'), chatSid: sid, identity, lastReadIndex }),
])
export type AgentEvent = Static<typeof AgentEvent>

/** The results an agent console reads, by request type (see {@link VisitorResults}). */
export const AgentResults = { signIn: AgentState, send: SendResult, upload: UploadResult }

/** `/sandbox/agent` as a client sees it (see {@link VisitorProtocol}). */
export const AgentProtocol = { requests: AgentRequest, results: AgentResults, events: AgentEvent }
