/**
 * The middleware's HTTP contract: request and reply schemas for every route.
 *
 * Exported on their own (`@flex-escalate/auth-middleware/api`) so that clients such as
 * `servicedesk-twilio` type their calls, and their tests answer with exactly these shapes.
 */
import { type Static, Type } from 'typebox'
import { ADDITIONAL_DATA_KEY_PATTERN, AUTH_LIMITS, LOCALE_PATTERN, MAX_RATING_COMMENT_LENGTH, RATING_SCALE } from './limits.js'

/**
 * The chat SDK a browser uses to talk to the chat `/auth` opened: Twilio's two, or the local sandbox's
 * WebSocket (see `sandbox.ts`) when the middleware runs without a Twilio account.
 */
export const Transport = Type.Union([Type.Literal('conversations'), Type.Literal('programmable-chat'), Type.Literal('sandbox')])
export type Transport = Static<typeof Transport>

const text = (maxLength: number) => Type.String({ maxLength })

export const AuthBody = Type.Object(
  {
    visitorName: Type.String({ minLength: 1, maxLength: AUTH_LIMITS.visitorName }),
    topic: Type.String({ minLength: 1, maxLength: AUTH_LIMITS.topic }),
    messageToHumanAgent: text(AUTH_LIMITS.messageToHumanAgent),
    summary: Type.Array(text(AUTH_LIMITS.summaryItem), { maxItems: AUTH_LIMITS.summaryItems }),
    sessionHistoryKey: Type.String({ minLength: 1, maxLength: AUTH_LIMITS.sessionHistoryKey }),
    additionalData: Type.Record(Type.String({ pattern: ADDITIONAL_DATA_KEY_PATTERN }), text(AUTH_LIMITS.additionalDataValue), {
      maxProperties: AUTH_LIMITS.additionalDataEntries,
      additionalProperties: false,
    }),
    locale: Type.String({ pattern: LOCALE_PATTERN, maxLength: AUTH_LIMITS.locale }),
    // The visitor's answers to the host's pre-chat form (Carbon's `preStartChatPayload`), question key to
    // answer: kept apart from `additionalData` because the visitor typed them, and the agent reads them.
    preChat: Type.Record(Type.String({ pattern: ADDITIONAL_DATA_KEY_PATTERN }), text(AUTH_LIMITS.preChatValue), {
      maxProperties: AUTH_LIMITS.preChatEntries,
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
)
// Every field is optional: a bare escalation (`{}`) is legitimate.
export const AuthRequestBody = Type.Partial(AuthBody, { additionalProperties: false })
export type AuthRequestBody = Static<typeof AuthRequestBody>

/**
 * `Authorization: Bearer <token>`. Optional in the schema even where a route needs it: a missing token is
 * a 401 from the route ("send your session token"), a malformed header a 400.
 */
export const BearerHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ pattern: '^Bearer [A-Za-z0-9_.~+/=-]+$', maxLength: 8192 })),
})

/** Routes that act on the session token alone take no body; anything sent is a mistake worth a 400. */
// (`type: [object, null]` rather than a union, so that a stray field is reported by name.)
export const EmptyBody = Type.Unsafe<Record<string, never> | null>({
  type: ['object', 'null'],
  properties: {},
  additionalProperties: false,
})

const isoDate = Type.String({ format: 'date-time' })

export const AuthReply = Type.Object({
  transport: Transport,
  chatSid: Type.String(),
  identity: Type.String(),
  token: Type.String(),
  tokenExpiresAt: isoDate,
  sessionToken: Type.String(),
  sessionExpiresAt: isoDate,
  /** `sandbox` only: the WebSocket to connect to (`ws://127.0.0.1:4000/sandbox/visitor`). */
  sandboxUrl: Type.Optional(Type.String({ pattern: '^wss?://' })),
})
export type AuthReply = Static<typeof AuthReply>

export const RefreshReply = Type.Object({
  identity: Type.String(),
  token: Type.String(),
  tokenExpiresAt: isoDate,
})
export type RefreshReply = Static<typeof RefreshReply>

export const AvailabilityQuery = Type.Object(
  { topic: Type.Optional(Type.String({ minLength: 1, maxLength: AUTH_LIMITS.topic })) },
  { additionalProperties: false },
)
export type AvailabilityQuery = Static<typeof AvailabilityQuery>

/**
 * Outside the opening hours of the topic's queue: when it opens next (an ISO 8601 instant; `null` when the
 * schedule has no opening within a year) and the IANA time zone its hours are kept in, so a client writes the
 * time as the queue's own clock shows it ("Monday at 09:00 (CET)").
 */
export const ClosedInfo = Type.Object({
  nextOpening: Type.Union([isoDate, Type.Null()]),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
})
export type ClosedInfo = Static<typeof ClosedInfo>

export const AvailabilityReply = Type.Object({
  /** `null` when the middleware cannot tell (no queue for the topic); `false` while closed. */
  agentsOnline: Type.Union([Type.Boolean(), Type.Null()]),
  /** Present exactly while the topic's queue is outside its opening hours (TaskRouter was not asked). */
  closed: Type.Optional(ClosedInfo),
  /** 1 = next in line; only with a session token, and only while the chat waits in the queue. */
  positionInQueue: Type.Optional(Type.Integer({ minimum: 1 })),
  estimatedWaitSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
})
export type AvailabilityReply = Static<typeof AvailabilityReply>

export const HealthReply = Type.Object({ status: Type.Literal('ok') })

/**
 * What a visitor's page says on `POST /chats/presence`: `here` (the heartbeat, every `heartbeatSeconds` while a
 * chat is open) or `leaving` (sent on `pagehide`: the tab closes, navigates away, or reloads). A `leaving` not
 * followed by a `here` within the middleware's grace period is the visitor leaving.
 */
export const PresenceState = Type.Union([Type.Literal('here'), Type.Literal('leaving')])
export type PresenceState = Static<typeof PresenceState>

/**
 * Body of `POST /chats/presence`. Sent as `application/json` with `Authorization: Bearer <sessionToken>`; or,
 * from `navigator.sendBeacon` (which cannot set headers), as a `text/plain` body holding this JSON with the
 * session token in `sessionToken`. `text/plain` needs no CORS preflight, which a page being closed cannot wait
 * for; this route is the only one that accepts it, and only with the token in the body.
 */
export const PresenceBody = Type.Object(
  {
    state: PresenceState,
    /**
     * A random id the page picks when it loads (8 to 64 of `A-Z a-z 0-9 _ -`): the visitor has left once every
     * page of the chat is gone, so a reload's new page keeps the chat whichever of the two is heard first.
     */
    page: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    sessionToken: Type.Optional(Type.String({ minLength: 1, pattern: '^[A-Za-z0-9_.~+/=-]+$', maxLength: 8192 })),
  },
  { additionalProperties: false },
)
export type PresenceBody = Static<typeof PresenceBody>

export const PresenceReply = Type.Object({
  /** When to send the next `here`, in seconds: a third of the middleware's departure timeout. */
  heartbeatSeconds: Type.Integer({ minimum: 1 }),
})
export type PresenceReply = Static<typeof PresenceReply>

/**
 * Body of `POST /chats/rating`: the visitor's post-chat rating of the chat their session token names, and an
 * optional comment. Stored on the chat's TaskRouter task (`rating`, `ratingComment`), or the sandbox's chat.
 */
export const RatingBody = Type.Object(
  {
    rating: Type.Integer({ minimum: RATING_SCALE.min, maximum: RATING_SCALE.max }),
    comment: Type.Optional(Type.String({ maxLength: MAX_RATING_COMMENT_LENGTH })),
  },
  { additionalProperties: false },
)
export type RatingBody = Static<typeof RatingBody>

/** Every error reply: `field` names the offending input when there is one. */
export const ErrorReply = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  /** With `error: "closed"` (`CLOSED_ERROR`, limits.ts): `POST /auth` outside opening hours, and when it opens next. */
  closed: Type.Optional(ClosedInfo),
})
export type ErrorReply = Static<typeof ErrorReply>

/** {@link ErrorReply} with what its status means, for the OpenAPI document the middleware serves. */
const errorReply = (description: string) => Type.Object(ErrorReply.properties, { description })

/** Error replies a route may send, keyed by status, for route schemas. */
export const errorReplies = {
  400: errorReply('The request is malformed: `field` names the part, `message` what is wrong with it.'),
  401: errorReply('The visitor JWT or session token is missing, forged, expired or for another chat.'),
  404: errorReply('The chat (or route) is not known.'),
  413: errorReply('The body is larger than the server takes.'),
  415: errorReply('The body is not JSON (only the presence beacon takes text/plain).'),
  429: errorReply('Too many requests from this address or identity; `Retry-After` says when to try again.'),
  500: errorReply('An unexpected failure of the middleware (logged without secrets).'),
  502: errorReply('Twilio failed or could not be reached; nothing was left open. Try again in a moment.'),
  503: errorReply(
    'The service is starting, stopping or a store it needs is unavailable. Try again. Or (`error: "closed"`, `POST /auth`) the queue is outside its opening hours: `closed` says when it opens.',
  ),
} as const
