import type { HostCallbacks } from './host-callbacks.js'
import { ErrorType } from './host-types.js'

/** An agent as the desk knows it, before the host's spelling is applied. */
export interface AgentInfo {
  id: string
  nickname: string
  avatarUrl?: string
}

/** Queue information as the middleware reports it. */
export interface QueueInfo {
  positionInQueue?: number
  estimatedWaitSeconds?: number
}

/**
 * What a running chat tells the host about the agent side: joins and transfers, typing and read receipts, the
 * agent's messages, the queue, a lost connection, and the chat's end. Every call goes through
 * `HostCallbacks.call`, so the host's differences are handled and `close()` silences these too. Apart from
 * `HostCallbacks` because only a chat needs it: it comes with the chat engine's chunk, not the initial one.
 *
 * @example
 * const callbacks = new ChatCallbacks(host)
 * await callbacks.agentJoined({ id: 'agent-ana', nickname: 'Ana' })
 */
export class ChatCallbacks {
  constructor(private readonly host: HostCallbacks) {}

  agentJoined(agent: AgentInfo): Promise<void> {
    return this.host.call('agentJoined', (cb) => cb.agentJoined(toProfile(agent)))
  }

  beginTransfer(agent?: AgentInfo): Promise<void> {
    return this.host.call('beginTransferToAnotherAgent', (cb) =>
      agent ? cb.beginTransferToAnotherAgent(toProfile(agent)) : cb.beginTransferToAnotherAgent(),
    )
  }

  agentLeftChat(): Promise<void> {
    return this.host.call('agentLeftChat', (cb) => cb.agentLeftChat())
  }

  agentEndedChat(): Promise<void> {
    return this.host.call('agentEndedChat', (cb) => cb.agentEndedChat())
  }

  /**
   * Ends, on screen, a chat an agent had joined that cannot go on (the service lost it), with `sentence` as
   * the reason, so that the visitor can ask for an agent again at once. Carbon 1.x has no callback for this:
   * `agentEndedChat` adds "<agent> ended the chat.", and `setErrorStatus(CONNECTING)` after an agent joined
   * leaves the agent banner up and every later "connect to agent" button disabled. So: the sentence as a
   * status line (`agent_message_type: chat_was_ended`, not a message from the agent), then Carbon's own
   * `instance.serviceDesk.endConversation()`, which ends the chat as a reload that cannot resume does (and
   * calls the desk's `endChat`). A host without it (v7, v8) gets `agentEndedChat()` after the sentence.
   */
  async chatLost(sentence: string): Promise<void> {
    await this.host.call('sendMessageToUser', (cb) =>
      cb.sendMessageToUser({ output: { generic: [{ response_type: 'text', text: sentence, agent_message_type: 'chat_was_ended' }] } }),
    )
    const endConversation = endConversationOf(this.host.instance)
    if (endConversation) await this.host.call('serviceDesk.endConversation', () => endConversation())
    else await this.agentEndedChat()
  }

  agentTyping(isTyping: boolean): Promise<void> {
    return this.host.call('agentTyping', (cb) => cb.agentTyping(isTyping))
  }

  agentReadMessages(): Promise<void> {
    return this.host.call('agentReadMessages', (cb) => cb.agentReadMessages())
  }

  /** An agent's message: its text and files, as the hosts' response items (agent-files.ts). */
  sendItemsToUser(items: readonly { response_type: string }[], agentId: string): Promise<void> {
    return this.host.call('sendMessageToUser', (cb) => cb.sendMessageToUser({ output: { generic: [...items] } }, agentId))
  }

  /** Sends both spellings; the wait estimate is rounded up to whole minutes. */
  updateAgentAvailability(queue: QueueInfo): Promise<void> {
    const minutes = queue.estimatedWaitSeconds === undefined ? undefined : Math.max(1, Math.ceil(queue.estimatedWaitSeconds / 60))
    return this.host.call('updateAgentAvailability', (cb) =>
      cb.updateAgentAvailability({
        ...(queue.positionInQueue !== undefined && {
          positionInQueue: queue.positionInQueue,
          position_in_queue: queue.positionInQueue,
        }),
        ...(minutes !== undefined && { estimatedWaitTime: minutes, estimated_wait_time: minutes }),
      }),
    )
  }

  setDisconnected(isDisconnected: boolean): Promise<void> {
    return this.host.call('setErrorStatus', (cb) => cb.setErrorStatus({ type: ErrorType.DISCONNECTED, isDisconnected }))
  }
}

/** Carbon's `instance.serviceDesk.endConversation`, bound, if the instance has it. */
function endConversationOf(instance: unknown): (() => unknown) | undefined {
  if (typeof instance !== 'object' || instance === null) return undefined
  const serviceDesk: unknown = (instance as { serviceDesk?: unknown }).serviceDesk
  if (typeof serviceDesk !== 'object' || serviceDesk === null) return undefined
  const end: unknown = (serviceDesk as { endConversation?: unknown }).endConversation
  return typeof end === 'function' ? () => (end as () => unknown).call(serviceDesk) : undefined
}

function toProfile(agent: AgentInfo) {
  return {
    id: agent.id,
    nickname: agent.nickname,
    ...(agent.avatarUrl !== undefined && { profile_picture_url: agent.avatarUrl }),
    user_type: 'human',
  }
}
