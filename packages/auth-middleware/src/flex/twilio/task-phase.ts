import type { Twilio } from 'twilio'
import type { TwilioConfig } from '../../config/config.js'
import type { ChatPhase, ChatRef } from '../gateway.js'
import { idempotentTwilioCall, isNotFound, type TwilioCallObserver } from './twilio-call.js'

/**
 * Where a chat is, from its TaskRouter task (`GET /v1/Workspaces/{WS}/Tasks/{WT}`), on both Flex APIs:
 * `pending` or `reserved` (offered, not yet accepted) is still queued, `assigned` is with an agent, and
 * `wrapping`, `completed`, `canceled` or a task TaskRouter no longer knows mean the chat is over.
 * https://www.twilio.com/docs/taskrouter/api/task#task-assignment-status
 */
export function createTaskPhase(client: Twilio, config: TwilioConfig, observe?: TwilioCallObserver) {
  const workspace = client.taskrouter.v1.workspaces(config.workspaceSid)
  const retry = { budgetMs: config.retryBudgetMs, observe }

  return async function chatPhase(chat: ChatRef): Promise<ChatPhase> {
    // Every chat this middleware opens carries its task; one that does not (Twilio left it out of the reply)
    // is taken as with an agent: the agent is told and the chat ends after the idle time, rather than ending
    // a chat that may be in the middle of a conversation.
    const taskSid = chat.taskSid
    if (!taskSid) return 'with-agent'
    try {
      const task = await idempotentTwilioCall('read the chat task', () => workspace.tasks(taskSid).fetch(), retry)
      return phaseOf(task.assignmentStatus)
    } catch (err) {
      if (isNotFound(err)) return 'ended'
      throw err
    }
  }
}

function phaseOf(status: string): ChatPhase {
  if (status === 'pending' || status === 'reserved') return 'queued'
  return status === 'assigned' ? 'with-agent' : 'ended'
}
