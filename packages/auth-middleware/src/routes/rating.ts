import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BearerHeaders, errorReplies, RatingBody } from '@flex-escalate/api'
import { Type } from 'typebox'
import { HttpError } from '../errors/http-errors.js'

/**
 * `POST /chats/rating` stores the visitor's post-chat rating (1–5, an optional comment) on the session token's
 * chat task, where Flex reporting reads it (`rating`, `ratingComment`). Sent after the chat ended, so the chat
 * need not be open; a task Twilio no longer has is a 404. Rating again overwrites.
 */
export const ratingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/chats/rating',
    {
      schema: {
        summary: 'Rate the chat',
        description:
          "Stores the visitor's post-chat rating (`rating` 1 to 5, optional `comment`) in the chat task's attributes (`rating`, `ratingComment`).",
        security: [{ sessionToken: [] }],
        body: RatingBody,
        headers: BearerHeaders,
        response: { 204: Type.Null(), ...errorReplies },
      },
    },
    async (request, reply) => {
      const { chat } = app.sessions.verify(request.headers.authorization)
      const stored = await app.flex.rateChat(chat, request.body)
      if (!stored) {
        throw new HttpError(
          404,
          'Not Found',
          "Failed to store the rating: the chat's task no longer exists (Flex deletes a finished task a few minutes after it ends). Please rate sooner after the chat ends.",
        )
      }
      request.log.info({ chatSid: chat.chatSid, rating: request.body.rating }, 'chat rated')
      return reply.status(204).send(null)
    },
  )
}
