import { TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from '@flex-escalate/api/transcript'
import type { Twilio } from 'twilio'
import type { TwilioConfig } from '../../config/config.js'
import type { ChatRef, Escalation } from '../gateway.js'
import { taskAttributes, transcriptText } from '../task-attributes.js'
import { idempotentTwilioCall, isNotFound, twilioCall } from './twilio-call.js'


interface InteractionReply {
  channel?: { sid?: string } | null
  routing?: { properties?: { sid?: string } } | null
}

/**
 * Flex Conversations without Studio: a conversation in the Flex Chat Service, the visitor as its
 * participant, the assistant's summary as the first message, then an Interaction that makes the task.
 * https://www.twilio.com/docs/flex/developer/conversations/interactions-api/interactions#api-initiated-contact
 */
export function createConversationsChat(client: Twilio, config: TwilioConfig) {
  const service = client.conversations.v1.services(config.chatServiceSid)
  const retry = { budgetMs: config.retryBudgetMs }

  async function start(escalation: Escalation, queueSid: string | undefined): Promise<ChatRef> {
    const conversation = await twilioCall('create the Flex conversation', () =>
      service.conversations.create({
        friendlyName: `Web chat: ${escalation.visitorName ?? 'website visitor'}`.slice(0, 256),
        attributes: JSON.stringify({ topic: escalation.topic, locale: escalation.locale }),
      }),
    )
    try {
      const chat = service.conversations(conversation.sid)
      await twilioCall('add the visitor to the conversation', () =>
        chat.participants.create({
          identity: escalation.identity,
          attributes: JSON.stringify({ friendlyName: escalation.visitorName ?? 'Website visitor' }),
        }),
      )
      const transcript = transcriptText(escalation)
      if (transcript) {
        await twilioCall('post the assistant summary', () =>
          chat.messages.create({
            author: TRANSCRIPT_AUTHOR,
            body: transcript.slice(0, 32_000),
            attributes: JSON.stringify({ kind: TRANSCRIPT_KIND }),
          }),
        )
      }
      const interaction = (await twilioCall('route the chat to Flex', () =>
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
                from: escalation.visitorName ?? 'Website visitor',
                conversationSid: conversation.sid,
              }),
            },
          },
        }),
      )) as { sid: string } & InteractionReply
      return {
        transport: 'conversations',
        chatSid: conversation.sid,
        interactionSid: interaction.sid,
        interactionChannelSid: interaction.channel?.sid,
        taskSid: interaction.routing?.properties?.sid,
        queueSid,
      }
    } catch (err) {
      // Leave nothing half-open: a conversation without a task would never reach an agent. Removing it
      // also drops the participant and the summary. A DELETE is safe to repeat, so it gets the retries;
      // 404 means it is already gone.
      await idempotentTwilioCall('remove the half-created conversation', () => service.conversations(conversation.sid).remove(), retry).catch(
        () => undefined,
      )
      throw err
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

  return { start, end }
}
