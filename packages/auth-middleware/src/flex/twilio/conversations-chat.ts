import { randomUUID } from 'node:crypto'
import { END_REASON_ATTRIBUTE, type EndReason } from '@flex-escalate/api/end-reason'
import { taskAttributes, transcriptText, visitorDisplayName } from '@flex-escalate/api/escalation'
import { MAX_MESSAGE_BODY_LENGTH } from '@flex-escalate/api/limits'
import { PRESENCE_NOTICE_AUTHOR, PRESENCE_NOTICE_KIND, TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from '@flex-escalate/api/transcript'
import type { FastifyBaseLogger } from 'fastify'
import type { Twilio } from 'twilio'
import type { TwilioConfig } from '../../config/config.js'
import { type ChatRef, type Escalation, type GivenUpChat, HalfOpenChatError, type VisitorNotice } from '../gateway.js'
import { jsonObject } from './json-attributes.js'
import { idempotentTwilioCall, isNotFound, type TwilioCallObserver, twilioCall, twilioErrorCode } from './twilio-call.js'

interface InteractionReply {
  channel?: { sid?: string } | null
  routing?: { properties?: { sid?: string } } | null
}

/** Twilio's "Conversation with provided unique name already exists". https://www.twilio.com/docs/api/errors/50353 */
const UNIQUE_NAME_TAKEN = 50353

/**
 * Flex Conversations without Studio: a conversation in the Flex Chat Service created with the visitor as
 * its participant, then, at the same time, the assistant's summary as its first message and an Interaction
 * that makes the task. Three calls in two round trips.
 * https://www.twilio.com/docs/flex/developer/conversations/interactions-api/interactions#api-initiated-contact
 */
export function createConversationsChat(client: Twilio, config: TwilioConfig, log?: FastifyBaseLogger, observe?: TwilioCallObserver) {
  const service = client.conversations.v1.services(config.chatServiceSid)
  const retry = { budgetMs: config.retryBudgetMs, observe }
  /** A create (never retried), timed for the metrics. */
  const callOnce = <T>(operation: string, call: () => Promise<T>) => twilioCall(operation, call, observe)

  /**
   * The conversation and its participant in one request, so no conversation exists without the visitor
   * (https://www.twilio.com/docs/conversations/api/service-conversation-with-participants-resource).
   * A unique name per escalation makes the create safe to repeat: when a reply is lost (a timeout, a reset
   * after the request left) the retry meets 50353 and reads the conversation the first attempt made,
   * instead of opening a second one that nobody would ever close.
   */
  function createConversation(escalation: Escalation) {
    const uniqueName = `flex-escalate-${randomUUID()}`
    const create = async () => {
      try {
        const { inactive, closed } = config.conversationTimers
        return await service.conversationWithParticipants.create({
          uniqueName,
          // Twilio refuses timers without a state (error 50382); `active` is the default state anyway.
          ...((inactive || closed) && { state: 'active' as const }),
          ...(inactive && { 'timers.inactive': inactive }),
          ...(closed && { 'timers.closed': closed }),
          friendlyName: `Web chat: ${visitorDisplayName(escalation)}`.slice(0, 256),
          attributes: JSON.stringify({ topic: escalation.topic, locale: escalation.locale }),
          participant: [
            JSON.stringify({
              identity: escalation.identity,
              attributes: JSON.stringify({ friendlyName: visitorDisplayName(escalation) }),
            }),
          ],
        })
      } catch (err) {
        if (twilioErrorCode(err) === UNIQUE_NAME_TAKEN) return service.conversations(uniqueName).fetch()
        throw err
      }
    }
    return idempotentTwilioCall('create the Flex conversation', create, retry)
  }

  async function start(escalation: Escalation, queueSid: string | undefined): Promise<ChatRef> {
    const conversation = await createConversation(escalation)
    const transcript = transcriptText(escalation)
    // Neither needs the other, only the conversation: one round trip for both. Neither is retried (a
    // message or an Interaction has no unique name; a retry after a lost reply would make a second one).
    const [routed, summary] = await Promise.allSettled([
      callOnce('route the chat to Flex', () =>
        client.flexApi.v1.interaction.create({
          channel: {
            type: 'chat',
            initiated_by: 'customer',
            properties: { media_channel_sid: conversation.sid },
          },
          routing: {
            properties: {
              workspace_sid: config.workspaceSid,
              workflow_sid: config.workflowSid,
              task_channel_unique_name: 'chat',
              attributes: taskAttributes(escalation, {
                from: visitorDisplayName(escalation),
                conversationSid: conversation.sid,
              }),
            },
          },
        }),
      ),
      transcript
        ? callOnce('post the assistant summary', () =>
            service.conversations(conversation.sid).messages.create({
              author: TRANSCRIPT_AUTHOR,
              body: transcript.slice(0, MAX_MESSAGE_BODY_LENGTH),
              attributes: JSON.stringify({ kind: TRANSCRIPT_KIND }),
            }),
          )
        : Promise.resolve(undefined),
    ])
    if (routed.status === 'rejected') {
      // Leave nothing half-open: a conversation without a task would never reach an agent. Removing it
      // also drops the participant and the summary. A DELETE is safe to repeat, so it gets the retries;
      // 404 means it is already gone.
      const removed = await idempotentTwilioCall(
        'remove the half-created conversation',
        () => service.conversations(conversation.sid).remove(),
        retry,
      ).then(
        () => true,
        (err: unknown) => isNotFound(err),
      )
      // Still there: the caller leaves it to the sweeper, which closes it once Twilio answers again.
      if (!removed) throw new HalfOpenChatError({ transport: 'conversations', chatSid: conversation.sid }, routed.reason)
      throw routed.reason
    }
    if (summary.status === 'rejected') {
      // The task exists and carries the same summary in its attributes: the visitor still reaches an agent,
      // who reads it in the task instead of the chat. Failing the start here would drop a routed chat.
      log?.warn(
        { err: summary.reason, conversationSid: conversation.sid },
        'the assistant summary was not posted to the conversation; the task attributes still carry it',
      )
    }
    const interaction = routed.value as { sid: string } & InteractionReply
    return {
      transport: 'conversations',
      chatSid: conversation.sid,
      interactionSid: interaction.sid,
      interactionChannelSid: interaction.channel?.sid,
      taskSid: interaction.routing?.properties?.sid,
      queueSid,
    }
  }

  async function end(chat: ChatRef): Promise<void> {
    try {
      if (chat.interactionSid && chat.interactionChannelSid) {
        const channel = client.flexApi.v1.interaction(chat.interactionSid).channels(chat.interactionChannelSid)
        const current = await idempotentTwilioCall('read the chat status', () => channel.fetch(), retry)
        if (current.status === 'closed') return
        // Closing the interaction channel completes the task and closes the conversation.
        // Setting `closed` twice leaves it closed: safe to retry.
        await idempotentTwilioCall('close the Flex interaction', () => channel.update({ status: 'closed' }), retry)
        return
      }
      await idempotentTwilioCall('close the conversation', () => service.conversations(chat.chatSid).update({ state: 'closed' }), retry)
    } catch (err) {
      if (isNotFound(err)) return
      throw err
    }
  }

  /**
   * Flex gave the chat up (TaskRouter canceled its task before any agent accepted it): the reason goes into
   * the conversation's attributes first, so the visitor's SDK reads it with the close; then the interaction
   * channel is closed as Flex asks (never the task itself), which closes the conversation, or, without the
   * Interaction's SIDs, the conversation itself. Reads and sets of a state: safe to retry.
   * https://www.twilio.com/docs/flex/developer/conversations/best-practices
   */
  async function giveUp(chat: GivenUpChat, reason: EndReason): Promise<boolean> {
    const conversation = service.conversations(chat.chatSid)
    try {
      const current = await idempotentTwilioCall('read the chat Flex gave up', () => conversation.fetch(), retry)
      if (current.state === 'closed') return false
      const attributes = JSON.stringify({ ...jsonObject(current.attributes), [END_REASON_ATTRIBUTE]: reason })
      const closeConversation = () =>
        idempotentTwilioCall('close the chat Flex gave up', () => conversation.update({ state: 'closed', attributes }), retry)
      if (!chat.interactionSid || !chat.interactionChannelSid) {
        await closeConversation()
        return true
      }
      await idempotentTwilioCall('mark the chat Flex gave up', () => conversation.update({ attributes }), retry)
      // Flex may refuse to close the channel of a canceled task: the conversation is closed then, as the
      // close timers would, rather than answering every delivery of the event with the same failure.
      await end({ transport: 'conversations', ...chat }).catch((err: unknown) => {
        log?.warn({ err, conversationSid: chat.chatSid }, 'closing the interaction channel failed; closing the conversation itself')
        return closeConversation()
      })
      return true
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
  }

  /**
   * A message for the agent in the conversation, by an author no participant has (Twilio takes any author
   * string from the REST API). A create: never retried here (a lost reply would post it twice).
   */
  async function notify(chat: ChatRef, notice: VisitorNotice): Promise<void> {
    await callOnce('tell the agent about the visitor', () =>
      service.conversations(chat.chatSid).messages.create({
        author: PRESENCE_NOTICE_AUTHOR,
        body: notice.text,
        attributes: JSON.stringify({ kind: PRESENCE_NOTICE_KIND, presence: notice.kind }),
      }),
    )
  }

  return { start, end, notify, giveUp }
}
