import { taskAttributes, visitorDisplayName } from '@flex-escalate/api/escalation'
import { PRESENCE_NOTICE_AUTHOR, PRESENCE_NOTICE_KIND } from '@flex-escalate/api/transcript'
import type { Twilio } from 'twilio'
import type { TwilioConfig } from '../../config/config.js'
import type { ChatRef, Escalation, VisitorNotice } from '../gateway.js'
import { idempotentTwilioCall, isNotFound, type TwilioCallObserver, twilioCall } from './twilio-call.js'

/**
 * Legacy Flex Flow custom channel on Programmable Chat (end of life 2026-06-01, kept for accounts that
 * still run it). Flex itself ends such a chat by setting the channel attribute `status: "INACTIVE"`;
 * we do the same, so the task is completed rather than left open as the predecessor did.
 */
export function createProgrammableChat(client: Twilio, config: TwilioConfig, observe?: TwilioCallObserver) {
  const retry = { budgetMs: config.retryBudgetMs, observe }
  /** A create (never retried), timed for the metrics. */
  const callOnce = <T>(operation: string, call: () => Promise<T>) => twilioCall(operation, call, observe)
  async function start(escalation: Escalation, queueSid: string | undefined): Promise<ChatRef> {
    const name = visitorDisplayName(escalation)
    // One create, never retried (see idempotentTwilioCall): it either made the channel and its task, or not.
    const channel = await callOnce('create the Flex chat', () =>
      client.flexApi.v1.channel.create({
        // biome-ignore lint/style/noNonNullAssertion: loadConfig requires TWILIO_FLEX_FLOW_SID with TWILIO_CHAT_API=programmable-chat.
        flexFlowSid: config.flexFlowSid!,
        identity: escalation.identity,
        chatUserFriendlyName: name,
        chatFriendlyName: `Web chat: ${name}`.slice(0, 256),
        target: escalation.identity,
        preEngagementData: JSON.stringify({
          friendlyName: name,
          question: escalation.messageToHumanAgent ?? '',
          ...(escalation.topic ? { topic: escalation.topic } : {}),
          ...(escalation.locale ? { locale: escalation.locale } : {}),
        }),
        taskAttributes: JSON.stringify(taskAttributes(escalation)),
      }),
    )
    return {
      transport: 'programmable-chat',
      chatSid: channel.sid,
      taskSid: channel.taskSid ?? undefined,
      queueSid,
    }
  }

  async function end(chat: ChatRef): Promise<void> {
    const channel = client.chat.v2.services(config.chatServiceSid).channels(chat.chatSid)
    try {
      const current = await idempotentTwilioCall('read the chat status', () => channel.fetch(), retry)
      const attributes = parseAttributes(current.attributes)
      if (attributes.status === 'INACTIVE') return
      // Setting the same attributes twice is harmless, so this update is retried like a read.
      await idempotentTwilioCall(
        'close the Flex chat',
        () => channel.update({ attributes: JSON.stringify({ ...attributes, status: 'INACTIVE' }) }),
        retry,
      )
    } catch (err) {
      if (isNotFound(err)) return
      throw err
    }
  }

  /**
   * A channel message for the agent, `From` the channel's `system` author (Programmable Chat's own default
   * for messages made through the REST API). A create: never retried here.
   */
  async function notify(chat: ChatRef, notice: VisitorNotice): Promise<void> {
    await callOnce('tell the agent about the visitor', () =>
      client.chat.v2
        .services(config.chatServiceSid)
        .channels(chat.chatSid)
        .messages.create({
          from: PRESENCE_NOTICE_AUTHOR,
          body: notice.text,
          attributes: JSON.stringify({ kind: PRESENCE_NOTICE_KIND, presence: notice.kind }),
        }),
    )
  }

  return { start, end, notify }
}

function parseAttributes(raw: string | null | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw ?? '{}')
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
