import { authBodyFor, topicOf } from '../host/connect-message.js'
import { endedByAgent, HostCallbacks } from '../host/host-callbacks.js'
import type {
  HostAdditionalData,
  HostEndChatInfo,
  HostFactoryParameters,
  HostFileUpload,
  HostMessageRequest,
  HostMessageResponse,
  HostStartChatOptions,
} from '../host/host-types.js'
import type { MiddlewareClient } from '../middleware/middleware-client.js'
import { visitorSentence } from '../middleware/middleware-error.js'
import type { ResolvedOptions } from '../options.js'
import { withTimeout } from '../sandbox-client/with-timeout.js'
import type { TransportLoader, TransportName } from '../transports/chat-transport.js'
import { fileProblem } from './file-checks.js'
import type { LiveChat } from './live-chat.js'
import { type PersistedChat, parsePersistedChat, sessionExpired } from './persisted-state.js'

/** `areAnyAgentsOnline` answers within this time (Carbon gives up after 5 s). */
export const AVAILABILITY_TIMEOUT_MS = 4_000
/** Longest wait for the chat SDK to connect and open the chat. */
export const CONNECT_TIMEOUT_MS = 30_000
const NAME = 'Twilio Flex (servicedesk-twilio)'

export interface ServiceDeskDeps {
  middleware: MiddlewareClient
  transports: Readonly<Record<TransportName, TransportLoader>>
}

/**
 * The ServiceDesk the hosts (watsonx Assistant web chat v7/v8, `@carbon/ai-chat`) call. Built by the factory
 * `createTwilioFlexServiceDesk` returns; one instance serves one chat after another.
 *
 * @example
 * const serviceDeskFactory = createTwilioFlexServiceDesk({ middlewareUrl: 'https://support.example.com' })
 * const desk = await serviceDeskFactory({ callback })
 */
export class TwilioFlexServiceDesk {
  readonly #host: HostCallbacks
  #chat: LiveChat | undefined

  constructor(
    private readonly parameters: HostFactoryParameters,
    private readonly options: ResolvedOptions,
    private readonly deps: ServiceDeskDeps,
  ) {
    this.#host = new HostCallbacks(parameters.callback, options.logger)
    const upload = options.fileUpload
    this.#host.updateCapabilities(
      upload
        ? { allowFileUploads: true, allowMultipleFileUploads: true, allowedFileUploadTypes: upload.accept }
        : { allowFileUploads: false },
    )
  }

  /** The integration's name (at most 40 characters, as Carbon requires). */
  getName(): string {
    return NAME
  }

  /** Opens a Flex chat for the `connect_to_agent` item of `connectMessage`; rejects if that fails. */
  async startChat(connectMessage: HostMessageResponse, startChatOptions?: HostStartChatOptions): Promise<void> {
    await this.#chat?.close(false)
    this.#chat = undefined
    this.#host.reopen()
    try {
      const visitorToken = await this.options.getVisitorToken()
      const topic = topicOf(connectMessage)
      const reply = await this.deps.middleware.auth(authBodyFor(connectMessage, startChatOptions), visitorToken)
      const state: PersistedChat = {
        version: 1,
        transport: reply.transport,
        chatSid: reply.chatSid,
        identity: reply.identity,
        sessionToken: reply.sessionToken,
        sessionExpiresAt: reply.sessionExpiresAt,
        ...(topic && { topic }),
        ...(reply.sandboxUrl && { sandboxUrl: reply.sandboxUrl }),
        lastIndex: -1,
        agents: [],
      }
      await this.#open(state, reply.token, false)
    } catch (error) {
      this.options.logger.error('Starting the chat failed', error)
      const sentence = visitorSentence(error)
      await this.#host.setConnectingError(sentence, error)
      throw new Error(sentence, { cause: error })
    }
  }

  /** Resumes the chat of the persisted state after a reload; `false` if it ended or the session expired. */
  async reconnect(): Promise<boolean> {
    const saved = parsePersistedChat(this.#host.readPersisted(this.parameters.persistedState))
    if (!saved) return false
    if (sessionExpired(saved)) {
      this.#host.persist(null)
      return false
    }
    try {
      const { token } = await this.deps.middleware.refresh(saved.sessionToken)
      const chat = await this.#open({ ...saved, agents: [...saved.agents] }, token, true)
      if (!chat.ended) return true
    } catch (error) {
      this.options.logger.warn('Resuming the chat failed', error)
    }
    await this.#chat?.close(false)
    this.#chat = undefined
    this.#host.persist(null)
    return false
  }

  /** Ends the chat: `/chats/end` (unless the agent ended it), leave, shut down. No callback fires afterwards. */
  async endChat(info?: HostEndChatInfo): Promise<void> {
    const chat = this.#chat
    this.#chat = undefined
    this.#host.persist(null)
    this.#host.close()
    if (!chat) return
    if (!endedByAgent(info) && !chat.ended) {
      await this.deps.middleware
        .endChat(chat.sessionToken)
        .catch((error: unknown) => this.options.logger.warn('Ending the chat on the Flex side failed', error))
    }
    await chat.close(true)
  }

  /** Sends the visitor's text and files; a failure rejects and marks the message failed in the host. */
  async sendMessageToAgent(message: HostMessageRequest, messageID: string, additionalData?: HostAdditionalData): Promise<void> {
    try {
      const chat = this.#requireChat()
      const text = message.input?.text?.trim()
      if (text) await chat.sendText(text, messageID)
      const failures = await this.#sendFiles(chat, messageID, additionalData?.filesToUpload ?? [])
      if (failures > 0) throw new Error(`${failures} file(s) could not be sent`)
    } catch (error) {
      this.options.logger.warn('Sending a message to the agent failed', error)
      await this.#host.setUserMessageError(messageID)
      throw error
    }
  }

  async #sendFiles(chat: LiveChat, messageID: string, uploads: HostFileUpload[]): Promise<number> {
    let failures = 0
    for (const upload of uploads) {
      const problem = fileProblem(upload.file, this.options.fileUpload)
      try {
        if (problem) throw new Error(problem)
        await chat.sendFile(upload.file, messageID, upload.id)
        await this.#host.setFileUploadStatus(upload.id)
      } catch (error) {
        failures += 1
        await this.#host.setFileUploadStatus(upload.id, problem ?? 'The file could not be sent. Please try again.')
        this.options.logger.warn('Uploading a file failed', error)
      }
    }
    return failures
  }

  /** Rejects files the options do not allow, before the visitor sends them. */
  filesSelectedForUpload(uploads: HostFileUpload[]): void {
    for (const upload of uploads) {
      const problem = fileProblem(upload.file, this.options.fileUpload)
      if (problem) void this.#host.setFileUploadStatus(upload.id, problem)
    }
  }

  async userTyping(isTyping: boolean): Promise<void> {
    await this.#chat?.userTyping(isTyping).catch((error: unknown) => this.options.logger.debug('Typing signal failed', error))
  }

  async userReadMessages(): Promise<void> {
    await this.#chat?.markAllRead().catch((error: unknown) => this.options.logger.debug('Marking messages read failed', error))
  }

  /** `true`, `false` or `null` (unknown) for the connect message's topic, within 4 s. */
  async areAnyAgentsOnline(connectMessage: HostMessageResponse): Promise<boolean | null> {
    try {
      const reply = await this.deps.middleware.availability(topicOf(connectMessage), undefined, AVAILABILITY_TIMEOUT_MS)
      return reply.agentsOnline
    } catch (error) {
      this.options.logger.warn('Asking whether agents are online failed', error)
      return null
    }
  }

  async #open(state: PersistedChat, token: string, resumed: boolean): Promise<LiveChat> {
    const load = this.deps.transports[state.transport]
    if (!load) throw new Error(`The middleware chose the transport "${state.transport}", which this version does not know`)
    // The chat engine comes with the transport: a page that never escalates downloads neither.
    const [transport, { LiveChat }] = await Promise.all([load(), import('./live-chat.js')])
    const chat = new LiveChat(state, {
      host: this.#host,
      middleware: this.deps.middleware,
      transport,
      logger: this.options.logger,
      availabilityPollMs: this.options.availabilityPollMs,
    })
    this.#chat = chat
    try {
      const { chatSid, identity, sandboxUrl } = state
      const snapshot = await withTimeout(
        transport.connect({ token, chatSid, identity, ...(sandboxUrl && { sandboxUrl }) }),
        CONNECT_TIMEOUT_MS,
        () => {
          throw new Error(`Connecting to the chat took longer than ${CONNECT_TIMEOUT_MS} ms`)
        },
      )
      await chat.begin(snapshot, resumed)
      return chat
    } catch (error) {
      this.#chat = undefined
      await chat.close(false)
      throw error
    }
  }

  #requireChat(): LiveChat {
    if (!this.#chat || this.#chat.ended) throw new Error('There is no chat with an agent to send this message to')
    return this.#chat
  }
}
