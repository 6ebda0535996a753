import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BearerHeaders, errorReplies, PresenceBody, PresenceReply } from '@flex-escalate/api'
import { HttpError } from '../errors/http-errors.js'

/** A beacon's body is one small JSON object: the session token and two short fields. */
const BEACON_BODY_LIMIT = 16_384

/**
 * `POST /chats/presence`: the visitor's page says it is still there (`here`, every `heartbeatSeconds`) or
 * is going away (`leaving`, on `pagehide`). The reply tells when to beat next.
 *
 * `navigator.sendBeacon` cannot set headers, and a page being closed cannot wait for a CORS preflight: so
 * this route, and only this one, also takes a `text/plain` body (a CORS-safelisted type), parsed as JSON with
 * Fastify's own guarded parser, carrying the session token in `sessionToken`. The token is only accepted in
 * the body of such a beacon; JSON requests send it in `Authorization` like every other route.
 */
export const presenceRoutes: FastifyPluginAsyncTypebox<{ heartbeatSeconds: number }> = async (app, { heartbeatSeconds }) => {
  // Registered in this plugin's own context: every other route still answers text/plain with 415.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: BEACON_BODY_LIMIT }, app.getDefaultJsonParser('error', 'error'))

  app.post(
    '/chats/presence',
    {
      schema: {
        summary: "The visitor's page is here, or leaving",
        description:
          "The page's heartbeat (`here`, every `heartbeatSeconds`), or its `pagehide` beacon (`leaving`, as a text/plain body carrying the session token: no preflight).",
        body: PresenceBody,
        headers: BearerHeaders,
        response: { 200: PresenceReply, ...errorReplies },
      },
    },
    async (request) => {
      const { state, page, sessionToken } = request.body
      const beacon = /^text\/plain\b/i.test(request.headers['content-type'] ?? '')
      if (sessionToken !== undefined && !beacon) {
        throw new HttpError(
          400,
          'Bad Request',
          'body.sessionToken is only for text/plain beacons (navigator.sendBeacon); send the session token as Authorization: Bearer <sessionToken>',
          'body.sessionToken',
        )
      }
      const { chat } = app.sessions.verify(sessionToken !== undefined ? `Bearer ${sessionToken}` : request.headers.authorization)
      // A chat known to be over has no visitor to watch.
      if (!app.closedChats.has(chat.chatSid)) await app.presence.report(chat, page, state)
      return { heartbeatSeconds }
    },
  )
}
