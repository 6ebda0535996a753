import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AvailabilityQuery, AvailabilityReply, BearerHeaders, errorReplies } from '@flex-escalate/api'

/**
 * `GET /agents/availability?topic=` tells whether agents of the topic's queue are online; with a session
 * token, also the visitor's place in that queue and a wait estimate.
 */
export const availabilityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/agents/availability',
    {
      schema: {
        summary: 'Are agents available?',
        description:
          "Whether the topic's queue has an available agent; with a session token while the chat waits, also its place in the queue and the estimated wait. " +
          'Without a session token, outside the opening hours of the queue: `agentsOnline: false` and `closed` (when it opens next), without asking Flex.',
        querystring: AvailabilityQuery,
        headers: BearerHeaders,
        response: { 200: AvailabilityReply, ...errorReplies },
      },
    },
    async (request) => {
      const session = request.headers.authorization ? app.sessions.verify(request.headers.authorization) : undefined
      // Outside opening hours nobody needs Flex's answer: closed, and when it opens. A chat already waiting (a
      // session token) keeps its place in the queue: it was accepted before closing time.
      const closed = session ? undefined : app.openingHours.closedNow(request.query.topic)
      if (closed) return { agentsOnline: false, closed }
      // A closed chat (known from Twilio's webhook or an end) has no place in the queue: only ask about agents.
      if (session && app.closedChats.has(session.chat.chatSid)) {
        const { agentsOnline } = await app.flex.availability(request.query.topic)
        return { agentsOnline }
      }
      return app.flex.availability(request.query.topic, session?.chat)
    },
  )
}
