import type { FastifyPluginAsync } from 'fastify'
import { sidPattern } from '../config/variables.js'
import type { ClosedChats } from './closed-chats.js'
import { acceptTwilioForms, signedTwilioForm } from './twilio-signature.js'
import { CONVERSATIONS_WEBHOOK_PATH } from './webhook-paths.js'

export interface ConversationsWebhookOptions {
  authToken: string
  publicUrl: string | undefined
  closedChats: ClosedChats
}

const CONVERSATION_SID = sidPattern('CH')

/**
 * `POST /webhooks/twilio/conversations`: the Conversations post-event webhook (configure it on the Flex
 * Chat Service with the filters `onConversationStateUpdated` and `onConversationRemoved`). A chat that
 * Twilio reports closed or removed is remembered, so `/chats/end` and `/agents/availability` answer it
 * without calling Twilio. Every call must carry a valid `X-Twilio-Signature` (403 otherwise).
 * https://www.twilio.com/docs/conversations/conversations-webhooks
 *
 * @example
 * await app.register(conversationsWebhook, { authToken, publicUrl: undefined, closedChats })
 */
export const conversationsWebhook: FastifyPluginAsync<ConversationsWebhookOptions> = async (app, options) => {
  acceptTwilioForms(app)

  app.post(CONVERSATIONS_WEBHOOK_PATH, { logLevel: 'warn' }, async (request, reply) => {
    const form = signedTwilioForm(request, options.authToken, options.publicUrl)
    const sid = form.ConversationSid
    const closed =
      (form.EventType === 'onConversationStateUpdated' && form.StateTo === 'closed') || form.EventType === 'onConversationRemoved'
    if (closed && sid && CONVERSATION_SID.test(sid)) {
      options.closedChats.add(sid)
      request.log.info({ chatSid: sid, event: form.EventType }, 'Twilio closed a chat')
    }
    // Twilio only needs a 2xx; an empty body keeps it from retrying.
    return reply.status(204).send()
  })
}
