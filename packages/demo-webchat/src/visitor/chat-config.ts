import {
  type ChatInstance,
  type CustomSendMessageOptions,
  type MessageRequest,
  MessageResponseTypes,
  type PublicConfig,
} from '@carbon/ai-chat'
import { SANDBOX_FILES } from '@flex-escalate/api/limits'
import { createTwilioFlexServiceDesk, type ServiceDeskFactory, type TwilioFlexServiceDesk } from '@flex-escalate/servicedesk-twilio'
import { middlewareUrlFrom } from '../shared/middleware-url.js'
import { AssistantClient } from './assistant/assistant-client.js'
import { assistantStringsFor } from './assistant/assistant-strings.js'
import { toMessageResponse } from './assistant/to-carbon.js'
import { trackReads } from './desk/read-tracker.js'
import { HistoryStore } from './history/history-store.js'
import { recordHistory } from './history/record-history.js'
import { carbonStringsFor } from './locale/carbon-strings.js'
import { pageLocale } from './locale/page-locale.js'
import { askBeforeConnecting } from './pre-chat/ask-before-connecting.js'
import { PreChatPrompt } from './pre-chat/pre-chat-prompt.js'

export const middlewareUrl = middlewareUrlFrom(window.location)

/**
 * The chat's one language (`?lang=`, else the browser's): the adapter's sentences and the Flex task's
 * `language`, the assistant's answers, Carbon's texts, the pre-chat form and the chat's `lang` all follow it.
 */
export const locale = pageLocale(window.location.search, window.navigator.language)

const assistant = new AssistantClient(middlewareUrl, window.sessionStorage, { locale })
const assistantStrings = assistantStringsFor(locale)
const history = new HistoryStore(window.sessionStorage)
/** The pre-chat form's question, asked when the visitor requests an agent (the page renders the form). */
export const preChatPrompt = new PreChatPrompt()

// The sandbox's file limits, which the agent console's attachments share: it keeps files in memory and
// sends them as data URLs (see @flex-escalate/api limits.ts).
const createDesk = createTwilioFlexServiceDesk({
  middlewareUrl,
  locale,
  fileUpload: { maxBytes: SANDBOX_FILES.maxBytes, accept: SANDBOX_FILES.accept },
  // When the agent ends the chat, the visitor rates it (1 to 5 and a comment); the console's wrap-up shows it.
  rating: true,
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
            text: `${assistantStrings.unavailable} ${error instanceof Error ? error.message : ''}`.trim(),
          },
        ],
      },
    })
  }
}

/** Before Carbon renders (and loads the history): record what the visitor sees, report reads, ask the pre-chat questions. */
export function onBeforeRender(instance: ChatInstance): void {
  recordHistory(instance, history, () => assistant.resetSession())
  trackReads(instance, () => currentDesk)
  askBeforeConnecting(instance, preChatPrompt)
}

/** The Carbon config of the shop's support chat. Built once: Carbon compares some fields by identity. */
export const chatConfig: PublicConfig = {
  openChatByDefault: true,
  assistantName: 'Lumen',
  // Carbon's date formats and plural rules follow `locale`; its texts come in English only, so the demo's
  // translations replace the ones a visitor reads around the agent chat (English keeps Carbon's own).
  locale,
  strings: carbonStringsFor(locale),
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
