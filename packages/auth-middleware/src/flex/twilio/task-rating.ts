import { type ChatRating, ratingAttributes } from '@flex-escalate/api/escalation'
import type { Twilio } from 'twilio'
import type { TwilioConfig } from '../../config/config.js'
import type { ChatRef } from '../gateway.js'
import { jsonObject } from './json-attributes.js'
import { idempotentTwilioCall, isNotFound, type TwilioCallObserver } from './twilio-call.js'

/**
 * Stores a post-chat rating on the chat's TaskRouter task, on both Flex APIs (the session token carries the
 * task SID either way): the task is read, `ratingAttributes` is merged into its attributes, and the whole is
 * written back (`POST /v1/Workspaces/{WS}/Tasks/{WT}` with `Attributes`). TaskRouter takes attribute updates in
 * every status, wrap-up and completed included, until it deletes the finished task, and Flex Insights reads
 * the `task.updated` that follows for the 5 minutes it keeps a completed task
 * (https://www.twilio.com/docs/flex/developer/insights/enhance-integration). A task that is gone (404) resolves
 * false. Both calls are idempotent (the same merge again writes the same attributes), so both are retried.
 */
export function createTaskRating(client: Twilio, config: TwilioConfig, observe?: TwilioCallObserver) {
  const workspace = client.taskrouter.v1.workspaces(config.workspaceSid)
  const retry = { budgetMs: config.retryBudgetMs, observe }

  return async function rateChat(chat: ChatRef, rating: ChatRating): Promise<boolean> {
    const taskSid = chat.taskSid
    if (!taskSid) return false
    try {
      const task = await idempotentTwilioCall('read the chat task', () => workspace.tasks(taskSid).fetch(), retry)
      const attributes = { ...jsonObject(task.attributes), ...ratingAttributes(rating) }
      await idempotentTwilioCall(
        'store the rating on the chat task',
        () => workspace.tasks(taskSid).update({ attributes: JSON.stringify(attributes) }),
        retry,
      )
      return true
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
  }
}
