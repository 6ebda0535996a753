import type { EndReason } from '@flex-escalate/api/end-reason'
import type { FastifyPluginAsync } from 'fastify'
import { sidPattern } from '../config/variables.js'
import type { GivenUpChat } from '../flex/gateway.js'
import { jsonObject } from '../flex/twilio/json-attributes.js'
import type { Metrics } from '../metrics/metrics.js'
import type { ClosedChats } from './closed-chats.js'
import { acceptTwilioForms, signedTwilioForm } from './twilio-signature.js'
import { GIVE_UP_EVENTS, TASKROUTER_WEBHOOK_PATH } from './webhook-paths.js'

export interface TaskRouterWebhookOptions {
  authToken: string
  publicUrl: string | undefined
  /** Events of other workspaces (one callback URL for several) are not ours to act on. */
  workspaceSid: string
  closedChats: ClosedChats
  giveUp: (chat: GivenUpChat, reason: EndReason) => Promise<boolean>
  metrics: Pick<Metrics, 'flexGaveUp'>
}

const CHAT_SID = sidPattern('CH')
const sidOrUndefined = (value: unknown, prefix: string) => (typeof value === 'string' && sidPattern(prefix).test(value) ? value : undefined)

/**
 * The web chat a TaskRouter event is about, from the task's attributes: ours carry `channelType: "web"`
 * and the chat's SID (`conversationSid` on Conversations, with the `flexInteraction*Sid` Flex adds;
 * `channelSid` on the legacy Flex Flow). Anything else (a voice or SMS task of the same workspace) is not.
 *
 * @example
 * givenUpChat('{"channelType":"web","conversationSid":"CH…"}') // { chatSid: 'CH…', interactionSid: undefined, … }
 */
export function givenUpChat(taskAttributes: string | undefined): GivenUpChat | undefined {
  const attributes = jsonObject(taskAttributes)
  if (attributes.channelType !== 'web') return undefined
  const chatSid = [attributes.conversationSid, attributes.channelSid].find((sid) => typeof sid === 'string' && CHAT_SID.test(sid))
  if (typeof chatSid !== 'string') return undefined
  return {
    chatSid,
    interactionSid: sidOrUndefined(attributes.flexInteractionSid, 'KD'),
    interactionChannelSid: sidOrUndefined(attributes.flexInteractionChannelSid, 'UO'),
  }
}

/**
 * `POST /webhooks/twilio/taskrouter`: the TaskRouter workspace's event callback. Creating an Interaction
 * only means Twilio accepted it; routing can still fail, or no agent accept before the workflow times out.
 * On `task.canceled` or `workflow.timeout` of one of our chats, the chat is closed with the reason
 * `no-agent`, so the visitor reads "We couldn't reach an agent right now" instead of waiting for ever, and
 * nothing stays open in Flex. Every call must carry a valid `X-Twilio-Signature` (403 otherwise); other
 * events are answered at once (a workspace without an events filter posts them all).
 * https://www.twilio.com/docs/taskrouter/api/event/reference
 *
 * @example
 * await app.register(taskRouterWebhook, { authToken, publicUrl: undefined, workspaceSid, closedChats, giveUp, metrics })
 */
export const taskRouterWebhook: FastifyPluginAsync<TaskRouterWebhookOptions> = async (app, options) => {
  acceptTwilioForms(app)
  const giveUpEvents: ReadonlySet<string> = new Set(GIVE_UP_EVENTS)

  app.post(
    TASKROUTER_WEBHOOK_PATH,
    { logLevel: 'warn', schema: { summary: 'TaskRouter event callback: closes a chat Flex gave up, telling the visitor' } },
    async (request, reply) => {
      const form = signedTwilioForm(request, options.authToken, options.publicUrl)
      const event = form.EventType ?? ''
      const chat = giveUpEvents.has(event) && form.WorkspaceSid === options.workspaceSid ? givenUpChat(form.TaskAttributes) : undefined
      if (!chat || options.closedChats.has(chat.chatSid)) return reply.status(204).send()
      // An error here answers 5xx: the chat is still open, and the operator's logs say why.
      const closed = await options.giveUp(chat, 'no-agent')
      options.closedChats.add(chat.chatSid)
      if (closed) {
        options.metrics.flexGaveUp.inc({ event })
        request.log.warn(
          { chatSid: chat.chatSid, event },
          'Flex gave the chat up before an agent accepted it; closed it and told the visitor',
        )
      }
      return reply.status(204).send()
    },
  )
}
