import type { Logger } from '../logger.js'
import { ErrorType, type HostCallback, type HostCapabilities, type HostEndChatInfo } from './host-types.js'

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
 * The one place that knows how v7, v8 and Carbon differ: every call is awaited (v8 and Carbon return
 * promises), optional callbacks are feature-detected, both spellings are sent, and after `close()` nothing
 * reaches the host any more. A callback that throws is logged, never propagated into the desk.
 */
export class HostCallbacks {
  #closed = false

  constructor(
    private readonly callback: HostCallback,
    private readonly logger: Logger,
    /** The factory's `instance`: Carbon's ends an agent chat on screen without blaming the agent. */
    private readonly instance?: unknown,
  ) {}

  /** v7 has neither persistence nor `ErrorType.USER_MESSAGE`; both arrived together in v8. */
  get isV7(): boolean {
    return typeof this.callback.updatePersistedState !== 'function'
  }

  /** After this, every call is dropped: the chat is over for the host. */
  close(): void {
    this.#closed = true
  }

  /** Allows calls again, for the next chat. */
  reopen(): void {
    this.#closed = false
  }

  agentJoined(agent: AgentInfo): Promise<void> {
    return this.#call('agentJoined', (cb) => cb.agentJoined(toProfile(agent)))
  }

  beginTransfer(agent?: AgentInfo): Promise<void> {
    return this.#call('beginTransferToAnotherAgent', (cb) =>
      agent ? cb.beginTransferToAnotherAgent(toProfile(agent)) : cb.beginTransferToAnotherAgent(),
    )
  }

  agentLeftChat(): Promise<void> {
    return this.#call('agentLeftChat', (cb) => cb.agentLeftChat())
  }

  agentEndedChat(): Promise<void> {
    return this.#call('agentEndedChat', (cb) => cb.agentEndedChat())
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
    await this.#call('sendMessageToUser', (cb) =>
      cb.sendMessageToUser({ output: { generic: [{ response_type: 'text', text: sentence, agent_message_type: 'chat_was_ended' }] } }),
    )
    const endConversation = endConversationOf(this.instance)
    if (endConversation) await this.#call('serviceDesk.endConversation', () => endConversation())
    else await this.agentEndedChat()
  }

  agentTyping(isTyping: boolean): Promise<void> {
    return this.#call('agentTyping', (cb) => cb.agentTyping(isTyping))
  }

  agentReadMessages(): Promise<void> {
    return this.#call('agentReadMessages', (cb) => cb.agentReadMessages())
  }

  sendMessageToUser(text: string, agentId: string): Promise<void> {
    return this.#call('sendMessageToUser', (cb) =>
      cb.sendMessageToUser({ output: { generic: [{ response_type: 'text', text }] } }, agentId),
    )
  }

  /** Sends both spellings; the wait estimate is rounded up to whole minutes. */
  updateAgentAvailability(queue: QueueInfo): Promise<void> {
    const minutes = queue.estimatedWaitSeconds === undefined ? undefined : Math.max(1, Math.ceil(queue.estimatedWaitSeconds / 60))
    return this.#call('updateAgentAvailability', (cb) =>
      cb.updateAgentAvailability({
        ...(queue.positionInQueue !== undefined && {
          positionInQueue: queue.positionInQueue,
          position_in_queue: queue.positionInQueue,
        }),
        ...(minutes !== undefined && { estimatedWaitTime: minutes, estimated_wait_time: minutes }),
      }),
    )
  }

  setConnectingError(messageToUser: string, logInfo?: unknown): Promise<void> {
    return this.#call('setErrorStatus', (cb) => cb.setErrorStatus({ type: ErrorType.CONNECTING, messageToUser, logInfo }))
  }

  setDisconnected(isDisconnected: boolean): Promise<void> {
    return this.#call('setErrorStatus', (cb) => cb.setErrorStatus({ type: ErrorType.DISCONNECTED, isDisconnected }))
  }

  /** v7 has no `USER_MESSAGE` error; there the rejected promise alone tells the host. */
  setUserMessageError(messageID: string): Promise<void> {
    if (this.isV7) return Promise.resolve()
    return this.#call('setErrorStatus', (cb) => cb.setErrorStatus({ type: ErrorType.USER_MESSAGE, messageID }))
  }

  setFileUploadStatus(fileId: string, errorMessage?: string): Promise<void> {
    return this.#call('setFileUploadStatus', (cb) =>
      errorMessage === undefined ? cb.setFileUploadStatus?.(fileId) : cb.setFileUploadStatus?.(fileId, true, errorMessage),
    )
  }

  updateCapabilities(capabilities: HostCapabilities): void {
    void this.#call('updateCapabilities', (cb) => cb.updateCapabilities?.(capabilities))
  }

  /** Replaces what the host keeps across reloads (v8 and Carbon; v7 keeps nothing). */
  persist(state: object | null): void {
    void this.#call('updatePersistedState', (cb) => cb.updatePersistedState?.(state ?? {}, false))
  }

  /** What the host kept across a reload, from the factory parameters or `persistedState()`. */
  readPersisted(fromFactory: unknown): unknown {
    if (fromFactory !== undefined && fromFactory !== null) return fromFactory
    try {
      return typeof this.callback.persistedState === 'function' ? this.callback.persistedState() : undefined
    } catch (error) {
      this.logger.warn('persistedState() failed', error)
      return undefined
    }
  }

  async #call(name: string, invoke: (callback: HostCallback) => unknown): Promise<void> {
    if (this.#closed) return
    try {
      await invoke(this.callback)
    } catch (error) {
      this.logger.warn(`The host's ${name} callback failed`, error)
    }
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

/**
 * Whether the agent (not the visitor) ended the chat: v8 says `endedByAgent`, Carbon `endedByHumanAgent`.
 *
 * @example
 * endedByAgent({ endedByHumanAgent: true }) // true
 */
export function endedByAgent(info: HostEndChatInfo | undefined): boolean {
  return info?.endedByHumanAgent === true || info?.endedByAgent === true
}
