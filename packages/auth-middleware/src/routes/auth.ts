import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuthReply, AuthRequestBody, BearerHeaders, EmptyBody, errorReplies, RefreshReply, SANDBOX_PATHS } from '@flex-escalate/api'
import type { FastifyRequest } from 'fastify'
import { type AccessToken, type ChatRef, HalfOpenChatError } from '../flex/gateway.js'
import type { SessionTokens } from '../identity/session-token.js'

/**
 * `POST /auth` starts an escalation: who the visitor is, a new Flex chat, an access token for the browser
 * SDK and a session token proving the visitor owns that chat.
 * `POST /auth/refresh` trades a session token for a fresh access token (also after the last one expired).
 */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth',
    {
      onRequest: app.limitAuth,
      schema: {
        summary: 'Start an escalation',
        description:
          'Opens the Flex chat for the visitor (optionally identified by a visitor JWT) and replies with the transport, the chat, a ' +
          'short-lived access token for the chat SDK and the session token that proves ownership of the chat. Every field is optional. ' +
          "Outside the opening hours of the topic's queue: 503 `closed` with `closed` (when it opens next), before anything is opened.",
        body: AuthRequestBody,
        headers: BearerHeaders,
        response: { 201: AuthReply, ...errorReplies },
      },
    },
    async (request, reply) => {
      // Already resolved by the rate limiter when the request carries a JWT: this reuses its outcome.
      const { identity } = app.visitors.forRequest(request)
      // Before Flex is asked anything: outside opening hours no chat (no task) is opened at all.
      app.openingHours.requireOpen(request.body.topic)
      // A chat Twilio holds that no visitor will have: the presence sweeper closes it, retrying through
      // Twilio's failures and this instance's restarts, instead of it staying open for good.
      const abandon = (orphan: ChatRef) =>
        app.presence
          .abandon(orphan)
          .catch((err: unknown) => request.log.error({ err, chatSid: orphan.chatSid }, 'failed to hand an abandoned chat to the sweeper'))
      const chat = await app.flex.startChat({ identity, ...request.body }).catch(async (err: unknown) => {
        if (!(err instanceof HalfOpenChatError)) throw err
        await abandon(err.chat)
        throw err.reason
      })
      let access: AccessToken
      let session: ReturnType<SessionTokens['issue']>
      try {
        access = app.flex.mintAccessToken(identity)
        session = app.sessions.issue({ identity, chat })
      } catch (err) {
        // The visitor never learns of this chat: close it, or its task would wait for an agent forever.
        await app.flex.endChat(chat).catch((endErr: unknown) => {
          request.log.warn({ err: endErr, chatSid: chat.chatSid }, 'failed to close an abandoned chat; the sweeper will')
          return abandon(chat)
        })
        throw err
      }
      request.log.info({ chatSid: chat.chatSid, transport: chat.transport }, 'escalation started')
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({
          transport: chat.transport,
          chatSid: chat.chatSid,
          identity,
          token: access.token,
          tokenExpiresAt: access.expiresAt.toISOString(),
          sessionToken: session.token,
          sessionExpiresAt: session.expiresAt.toISOString(),
          ...(chat.transport === 'sandbox' ? { sandboxUrl: sandboxUrl(request) } : {}),
        })
    },
  )

  app.post(
    '/auth/refresh',
    {
      schema: {
        summary: 'Refresh the access token',
        description: 'A fresh access token for the same identity and chat, also after the previous one expired.',
        security: [{ sessionToken: [] }],
        body: EmptyBody,
        headers: BearerHeaders,
        response: { 200: RefreshReply, ...errorReplies },
      },
    },
    async (request, reply) => {
      const { identity } = app.sessions.verify(request.headers.authorization)
      const access = app.flex.mintAccessToken(identity)
      return reply
        .header('cache-control', 'no-store')
        .send({ identity, token: access.token, tokenExpiresAt: access.expiresAt.toISOString() })
    },
  )
}

/**
 * Where the browser connects to the sandbox: this server as the browser reached it (`Host`, or
 * `X-Forwarded-Host`/`-Proto` with TRUST_PROXY), `wss` behind https.
 */
function sandboxUrl(request: FastifyRequest): string {
  return `${request.protocol === 'https' ? 'wss' : 'ws'}://${request.host}${SANDBOX_PATHS.visitor}`
}
