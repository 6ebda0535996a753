import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BearerHeaders, EmptyBody, errorReplies } from '@flex-escalate/api'
import { Type } from 'typebox'

/**
 * `POST /chats/end` closes the session token's chat on the Flex side, so its task is completed instead of
 * staying open in an agent's list. Idempotent: ending an ended chat is 204 again.
 */
export const chatRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/chats/end',
    {
      schema: {
        summary: 'End the chat',
        description: 'Closes the chat on the Flex side, so its task does not stay open. Idempotent.',
        security: [{ sessionToken: [] }],
        body: EmptyBody,
        headers: BearerHeaders,
        response: { 204: Type.Null(), ...errorReplies },
      },
    },
    async (request, reply) => {
      const { chat } = app.sessions.verify(request.headers.authorization)
      // The visitor ended it: their page going away next is no departure to act on.
      await app.presence.forget(chat.chatSid)
      // Twilio already told us (webhook) that this chat is closed: nothing to do, and no Twilio call.
      if (app.closedChats.has(chat.chatSid)) return reply.status(204).send(null)
      await app.flex.endChat(chat)
      app.closedChats.add(chat.chatSid)
      request.log.info({ chatSid: chat.chatSid }, 'chat ended by visitor')
      return reply.status(204).send(null)
    },
  )
}
