import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AssistantMessageBody, AssistantMessageReply, errorReplies } from '@flex-escalate/api'
import type { WatsonConfig } from '../config/config.js'
import { createScriptedAssistant } from './scripted-assistant.js'
import { createWatsonAssistant } from './watson-assistant.js'

/**
 * `POST /assistant/message`: the demo's assistant. watsonx Assistant when `watson` is configured, the
 * built-in scripted assistant otherwise; the choice is made once, at registration.
 */
export const assistantRoutes: FastifyPluginAsyncTypebox<{ watson: WatsonConfig | undefined }> = async (app, options) => {
  const assistant = options.watson ? createWatsonAssistant(options.watson) : createScriptedAssistant()
  app.post(
    '/assistant/message',
    {
      schema: {
        summary: "The demo's assistant",
        description:
          "One turn of the virtual assistant (watsonx Assistant, or the built-in demo script): its response items, `connect_to_agent` included. The built-in script answers in the visitor's `locale` (en, es, fr, de, pt-BR; English otherwise); watsonx Assistant answers in its own language.",
        body: AssistantMessageBody,
        response: { 200: AssistantMessageReply, ...errorReplies },
      },
    },
    async (request) => assistant.reply(request.body.sessionId, request.body.text, request.body.locale),
  )
}
