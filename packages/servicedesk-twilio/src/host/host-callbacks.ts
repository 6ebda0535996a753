import type { Logger } from '../logger.js'
import { ErrorType, type HostCallback, type HostCapabilities, type HostEndChatInfo } from './host-types.js'

/**
 * With `ChatCallbacks` (chat-callbacks.ts), the only code that knows how v7, v8 and Carbon differ: every call
 * is awaited (v8 and Carbon return promises), optional callbacks are feature-detected, both spellings are
 * sent, and after `close()` nothing reaches the host any more. A callback that throws is logged, never
 * propagated into the desk.
 *
 * These are the calls the desk makes with or without a chat (capabilities, persistence, errors, file
 * statuses). What a running chat tells the host about its agents is `ChatCallbacks`, in the chat engine's
 * chunk: a page that never escalates does not download it.
 */
export class HostCallbacks {
  #closed = false

  constructor(
    private readonly callback: HostCallback,
    private readonly logger: Logger,
    /** The factory's `instance`: Carbon's ends an agent chat on screen without blaming the agent (`ChatCallbacks.chatLost`). */
    readonly instance?: unknown,
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

  setConnectingError(messageToUser: string, logInfo?: unknown): Promise<void> {
    return this.call('setErrorStatus', (cb) => cb.setErrorStatus({ type: ErrorType.CONNECTING, messageToUser, logInfo }))
  }

  /** v7 has no `USER_MESSAGE` error; there the rejected promise alone tells the host. */
  setUserMessageError(messageID: string): Promise<void> {
    if (this.isV7) return Promise.resolve()
    return this.call('setErrorStatus', (cb) => cb.setErrorStatus({ type: ErrorType.USER_MESSAGE, messageID }))
  }

  setFileUploadStatus(fileId: string, errorMessage?: string): Promise<void> {
    return this.call('setFileUploadStatus', (cb) =>
      errorMessage === undefined ? cb.setFileUploadStatus?.(fileId) : cb.setFileUploadStatus?.(fileId, true, errorMessage),
    )
  }

  updateCapabilities(capabilities: HostCapabilities): void {
    void this.call('updateCapabilities', (cb) => cb.updateCapabilities?.(capabilities))
  }

  /** Replaces what the host keeps across reloads (v8 and Carbon; v7 keeps nothing). */
  persist(state: object | null): void {
    void this.call('updatePersistedState', (cb) => cb.updatePersistedState?.(state ?? {}, false))
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

  /**
   * Calls the host's `name` callback through `invoke`, unless closed; logs a failure instead of rejecting.
   * Every call to the host goes through here, `ChatCallbacks`' too, so `close()` silences them all.
   */
  async call(name: string, invoke: (callback: HostCallback) => unknown): Promise<void> {
    if (this.#closed) return
    try {
      await invoke(this.callback)
    } catch (error) {
      this.logger.warn(`The host's ${name} callback failed`, error)
    }
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
