import {
  MessageResponseTypes,
  type ChatInstance,
  type CustomSendMessageOptions,
  type MessageRequest,
  type PublicConfig,
} from '@carbon/ai-chat'
import { createTwilioFlexServiceDesk } from '@flex-escalate/servicedesk-twilio'
import { middlewareUrlFrom } from '../shared/middleware-url.js'
import { AssistantClient } from './assistant/assistant-client.js'
import { toMessageResponse } from './assistant/to-carbon.js'

export const middlewareUrl = middlewareUrlFrom(window.location)

const assistant = new AssistantClient(middlewareUrl, window.sessionStorage)

/**
 * Module scope on purpose: Carbon ends a live chat with an agent when the `serviceDeskFactory` identity
 * changes, so it must never be re-created by a React render.
 */
export const serviceDeskFactory = createTwilioFlexServiceDesk({ middlewareUrl })

async function customSendMessage(request: MessageRequest, options: CustomSendMessageOptions, instance: ChatInstance): Promise<void> {
  // Carbon's welcome request has no text; the assistant answers an empty text with its greeting.
  const welcome = request.history?.is_welcome_request === true
  const text = welcome ? '' : (request.input.text?.trim() ?? '')
  if (!welcome && text === '') return
  try {
    const reply = await assistant.send(text, options.signal)
    await instance.messaging.addMessage(toMessageResponse(reply, request.id))
  } catch (error) {
    if (options.signal.aborted) return
    // Shown as the assistant's answer: the visitor learns what failed instead of a silent spinner.
    await instance.messaging.addMessage({
      ...(request.id ? { request_id: request.id } : {}),
      output: {
        generic: [
          {
            response_type: MessageResponseTypes.TEXT,
            text: `Sorry, the assistant is unavailable right now. ${error instanceof Error ? error.message : ''}`.trim(),
          },
        ],
      },
    })
  }
}

/** The Carbon config of the shop's support chat. Built once: Carbon compares some fields by identity. */
export const chatConfig: PublicConfig = {
  openChatByDefault: true,
  assistantName: 'Lumen',
  header: { title: 'Lumen Outdoor', name: 'Support' },
  launcher: { isOn: true },
  messaging: { customSendMessage },
  serviceDeskFactory,
  serviceDesk: { availabilityTimeoutSeconds: 5, allowReconnect: true },
}
