/**
 * msw stand-in for the auth-middleware: checks every request against the middleware's own request schemas
 * and answers only with bodies that pass its reply schemas (`@flex-escalate/api`).
 */
import {
  AuthReply,
  AuthRequestBody,
  AvailabilityQuery,
  AvailabilityReply,
  ErrorReply,
  MediaLinksBody,
  MediaLinksReply,
  PresenceBody,
  PresenceReply,
  RatingBody,
  RefreshReply,
  type Transport,
} from '@flex-escalate/api'
import { HttpResponse, http, type JsonBodyType } from 'msw'
import { setupServer } from 'msw/node'
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'

export const MIDDLEWARE = 'https://support.example.test/flex/'
export const VISITOR = 'visitor-7f3a'
export const SESSION_TOKEN = 'session.token.abc'
export const FRESH_TOKEN = 'twilio-token-2'

export type Route = 'auth' | 'refresh' | 'end' | 'availability' | 'presence' | 'rating' | 'mediaLinks'

export interface RecordedRequest {
  route: Route
  authorization: string | null
  contentType?: string | null
  body?: unknown
  query?: Record<string, string>
}

/** Answers with exactly the schema's shape, or fails the test. */
function valid(schema: TSchema, body: unknown, status: number): Response {
  if (!Value.Check(schema, body)) {
    throw new Error(`Test bug: reply ${JSON.stringify(body)} does not match the middleware's schema`)
  }
  return HttpResponse.json(body as JsonBodyType, { status })
}

export function errorReply(status: number, error: string, message: string): Response {
  return valid(ErrorReply, { error, message }, status)
}

export function authReply(transport: Transport = 'conversations', chatSid = 'CH0001', extra: Partial<AuthReply> = {}): AuthReply {
  const inOneHour = new Date(Date.now() + 3_600_000).toISOString()
  return {
    transport,
    chatSid,
    identity: VISITOR,
    token: 'twilio-token-1',
    tokenExpiresAt: inOneHour,
    sessionToken: SESSION_TOKEN,
    sessionExpiresAt: inOneHour,
    ...extra,
  }
}

/** The default `/auth/refresh` answer (a fresh token), for a test's own answer function to fall back on. */
export function refreshAnswer(): Response {
  return valid(RefreshReply, { identity: VISITOR, token: FRESH_TOKEN, tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString() }, 200)
}

/** The default `/chats/presence` answer (the next heartbeat in 30 s), for a test's own answer function. */
export function presenceAnswer(): Response {
  return valid(PresenceReply, { heartbeatSeconds: 30 }, 200)
}

/** The chat of `authReply()`, which the default `/media/links` answer signs paths in. */
export const MEDIA_CHAT_SID = `CH${'0'.repeat(31)}1`

/** The default `/media/links` answer: a signed path per SID, in the order asked. */
export function mediaLinksOf(body: MediaLinksBody): MediaLinksReply {
  return { links: body.mediaSids.map((mediaSid) => ({ mediaSid, path: `media/${MEDIA_CHAT_SID}/${mediaSid}?sig=${'s'.repeat(43)}` })) }
}

/** Answers `/auth` with `reply`, checked against the middleware's reply schema. */
export function authAnswer(reply: AuthReply): () => Response {
  return () => valid(AuthReply, reply, 201)
}

type Answer = (request: RecordedRequest) => Response | Promise<Response>

/** A fake middleware whose answers each test can replace. */
export function fakeMiddleware() {
  const requests: RecordedRequest[] = []
  const defaults = (): Record<Route, Answer> => ({
    auth: () => valid(AuthReply, authReply(), 201),
    refresh: () =>
      valid(RefreshReply, { identity: VISITOR, token: FRESH_TOKEN, tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString() }, 200),
    end: () => new HttpResponse(null, { status: 204 }),
    availability: () => valid(AvailabilityReply, { agentsOnline: true }, 200),
    presence: presenceAnswer,
    rating: () => new HttpResponse(null, { status: 204 }),
    mediaLinks: (request) => valid(MediaLinksReply, mediaLinksOf(request.body as MediaLinksBody), 200),
  })
  let answers = defaults()
  const handle =
    (route: Route, schema?: TSchema) =>
    async ({ request }: { request: Request }) => {
      const url = new URL(request.url)
      const recorded: RecordedRequest = { route, authorization: request.headers.get('authorization') }
      if (request.method === 'POST' && request.headers.get('content-type')?.includes('json')) recorded.body = await request.json()
      // A beacon (`navigator.sendBeacon`): JSON in a text/plain body, as the middleware's presence route reads it.
      if (route === 'presence' && request.headers.get('content-type')?.startsWith('text/plain')) {
        recorded.body = JSON.parse(await request.text())
      }
      if (route === 'presence') recorded.contentType = request.headers.get('content-type')
      if (route === 'availability') recorded.query = Object.fromEntries(url.searchParams)
      requests.push(recorded)
      const input = route === 'availability' ? recorded.query : recorded.body
      if (schema && !Value.Check(schema, input ?? {})) return errorReply(400, 'bad_request', 'The request does not match the schema')
      return answers[route](recorded)
    }
  const server = setupServer(
    http.post(`${MIDDLEWARE}auth`, handle('auth', AuthRequestBody)),
    http.post(`${MIDDLEWARE}auth/refresh`, handle('refresh')),
    http.post(`${MIDDLEWARE}chats/end`, handle('end')),
    http.get(`${MIDDLEWARE}agents/availability`, handle('availability', AvailabilityQuery)),
    http.post(`${MIDDLEWARE}chats/presence`, handle('presence', PresenceBody)),
    http.post(`${MIDDLEWARE}chats/rating`, handle('rating', RatingBody)),
    http.post(`${MIDDLEWARE}media/links`, handle('mediaLinks', MediaLinksBody)),
  )
  return {
    server,
    requests,
    of: (route: Route) => requests.filter((request) => request.route === route),
    /** Back to the default answers, with no request recorded. */
    reset() {
      answers = defaults()
      requests.length = 0
    },
    answer(route: Route, answer: Answer) {
      answers[route] = answer
    },
    availability(reply: { agentsOnline: boolean | null; positionInQueue?: number; estimatedWaitSeconds?: number }) {
      answers.availability = () => valid(AvailabilityReply, reply, 200)
    },
  }
}

/** A fake middleware listening for the current test file, reset (and real timers restored) after each test. */
export function useFakeMiddleware() {
  const middleware = fakeMiddleware()
  beforeAll(() => middleware.server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    middleware.reset()
    middleware.server.resetHandlers()
    vi.useRealTimers()
  })
  afterAll(() => middleware.server.close())
  return middleware
}
