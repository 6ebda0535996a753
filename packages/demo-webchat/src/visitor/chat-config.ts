import {
  type ChatInstance,
  type CustomSendMessageOptions,
  type MessageRequest,
  MessageResponseTypes,
  type PublicConfig,
} from '@carbon/ai-chat'
import { createTwilioFlexServiceDesk, type ServiceDeskFactory, type TwilioFlexServiceDesk } from '@flex-escalate/servicedesk-twilio'
import { middlewareUrlFrom } from '../shared/middleware-url.js'
import { AssistantClient } from './assistant/assistant-client.js'
import { toMessageResponse } from './assistant/to-carbon.js'
import { trackReads } from './desk/read-tracker.js'
import { HistoryStore } from './history/history-store.js'
import { recordHistory } from './history/record-history.js'

export const middlewareUrl = middlewareUrlFrom(window.location)

const assistant = new AssistantClient(middlewareUrl, window.sessionStorage)
const history = new HistoryStore(window.sessionStorage)

// Files up to 1 MB: the sandbox keeps them in memory and sends them as data URLs (see @flex-escalate/api sandbox.ts).
const createDesk = createTwilioFlexServiceDesk({
  middlewareUrl,
  fileUpload: { maxBytes: 1_000_000, accept: 'image/*,.pdf,.txt' },
})
/** The desk Carbon created last: the read tracker reports reads to it. */
let currentDesk: TwilioFlexServiceDesk | undefined

/**
 * Module scope on purpose: Carbon ends a live chat with an agent when the `serviceDeskFactory` identity
 * changes, so it must never be re-created by a React render. It only remembers the desk it hands out.
 */
export const serviceDeskFactory: ServiceDeskFactory = async (parameters) => {
  currentDesk = await createDesk(parameters)
  return currentDesk
}

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

/** Before Carbon renders (and loads the history): record what the visitor sees, and report reads. */
export function onBeforeRender(instance: ChatInstance): void {
  recordHistory(instance, history, () => assistant.resetSession())
  trackReads(instance, () => currentDesk)
}

/** The Carbon config of the shop's support chat. Built once: Carbon compares some fields by identity. */
export const chatConfig: PublicConfig = {
  openChatByDefault: true,
  assistantName: 'Lumen',
  header: { title: 'Lumen Outdoor' },
  launcher: { isOn: true },
  // Carbon keeps no history across reloads: this tab's own record brings the conversation back.
  messaging: { customSendMessage, customLoadHistory: async () => history.load() },
  serviceDeskFactory,
  serviceDesk: { availabilityTimeoutSeconds: 5, allowReconnect: true },
  // `?debug=1`: Carbon logs every service desk callback (e.g. agentReadMessages, which has no UI in Carbon
  // 1.9.1); the end-to-end tests read them from the console.
  debug: new URLSearchParams(window.location.search).has('debug'),
}
