import { END_REASON_ATTRIBUTE, type EndReason } from '@flex-escalate/api/end-reason'
import { taskAttributes, visitorDisplayName } from '@flex-escalate/api/escalation'
import { PRESENCE_NOTICE_AUTHOR, PRESENCE_NOTICE_KIND } from '@flex-escalate/api/transcript'
import type { Twilio } from 'twilio'
import type { TwilioConfig } from '../../config/config.js'
import type { ChatRef, Escalation, GivenUpChat, VisitorNotice } from '../gateway.js'
import { jsonObject } from './json-attributes.js'
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

  /**
   * Sets the channel INACTIVE (with `extra` attributes beside), which ends it for Flex and the visitor.
   * Resolves false when it was already inactive or is gone. Setting the same attributes twice is harmless,
   * so the update is retried like a read.
   */
  async function close(chatSid: string, extra: Record<string, unknown> = {}): Promise<boolean> {
    const channel = client.chat.v2.services(config.chatServiceSid).channels(chatSid)
    try {
      const current = await idempotentTwilioCall('read the chat status', () => channel.fetch(), retry)
      const attributes = jsonObject(current.attributes)
      if (attributes.status === 'INACTIVE') return false
      await idempotentTwilioCall(
        'close the Flex chat',
        () => channel.update({ attributes: JSON.stringify({ ...attributes, ...extra, status: 'INACTIVE' }) }),
        retry,
      )
      return true
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
  }

  async function end(chat: ChatRef): Promise<void> {
    await close(chat.chatSid)
  }

  /** Flex gave the chat up (TaskRouter canceled its task): the channel ends with the reason the visitor reads. */
  function giveUp(chat: GivenUpChat, reason: EndReason): Promise<boolean> {
    return close(chat.chatSid, { [END_REASON_ATTRIBUTE]: reason })
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

  return { start, end, notify, giveUp }
}
