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
import { MiddlewareError, visitorSentence } from '../middleware/middleware-error.js'
import type { ResolvedOptions } from '../options.js'
import { withTimeout } from '../sandbox-client/with-timeout.js'
import type { TransportLoader, TransportName } from '../transports/chat-transport.js'
import { fileProblem } from './file-checks.js'
import { FlexEnder } from './flex-ender.js'
import type { LiveChat } from './live-chat.js'
import { type PersistedChat, parsePersistedChat, sessionExpired } from './persisted-state.js'
import { HeldChat } from './presence.js'

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
  /** Ends on Flex, in the background and retried, every chat `/auth` opened that the visitor no longer has. */
  readonly #ender: FlexEnder
  #chat: LiveChat | undefined
  /** A chat that was waiting for an agent when the page reloaded, kept for the visitor to ask again (presence.ts). */
  #held: HeldChat | undefined

  constructor(
    private readonly parameters: HostFactoryParameters,
    private readonly options: ResolvedOptions,
    private readonly deps: ServiceDeskDeps,
  ) {
    this.#host = new HostCallbacks(parameters.callback, options.logger, parameters.instance)
    this.#ender = new FlexEnder(deps.middleware, options.logger)
    const upload = options.fileUpload
    this.#host.updateCapabilities(
      upload
        ? { allowFileUploads: true, allowMultipleFileUploads: true, allowedFileUploadTypes: upload.accept }
        : { allowFileUploads: false },
    )
    this.#held = HeldChat.hold(this.#host.readPersisted(parameters.persistedState), deps.middleware, options.logger, () =>
      this.#host.persist(null),
    )
  }

  /** The integration's name (at most 40 characters, as Carbon requires). */
  getName(): string {
    return NAME
  }

  /** Opens a Flex chat for the `connect_to_agent` item of `connectMessage`; rejects if that fails. */
  async startChat(connectMessage: HostMessageResponse, startChatOptions?: HostStartChatOptions): Promise<void> {
    const previous = this.#chat
    this.#chat = undefined
    if (previous) await this.#discard(previous, 'a new chat replaced it')
    this.#host.reopen()
    // Asking again after a reload takes the waiting chat back, with its place in the queue.
    const held = this.#held?.take()
    this.#held = undefined
    if (held && (await this.#resumeHeld(held))) return
    let opened: string | undefined
    try {
      const visitorToken = await this.options.getVisitorToken()
      const topic = topicOf(connectMessage)
      const reply = await this.deps.middleware.auth(authBodyFor(connectMessage, startChatOptions), visitorToken)
      opened = reply.sessionToken
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
      // `/auth` queued a Flex chat the visitor is now told failed: end it, without delaying what they see.
      if (opened) void this.#ender.end(opened, 'opening the chat failed')
      const sentence = visitorSentence(error)
      await this.#host.setConnectingError(sentence, error)
      throw new Error(sentence, { cause: error })
    }
  }

  /** Resumes the chat of the persisted state after a reload; `false` if it ended or the session expired. */
  async reconnect(): Promise<boolean> {
    this.#held?.release()
    this.#held = undefined
    const saved = parsePersistedChat(this.#host.readPersisted(this.parameters.persistedState))
    if (!saved) return false
    if (sessionExpired(saved)) {
      this.#host.persist(null)
      return false
    }
    // Whether Flex has ended the chat, or refuses the session: then there is nothing to end on Flex.
    let over = false
    try {
      const { token } = await this.deps.middleware.refresh(saved.sessionToken)
      const chat = await this.#open({ ...saved, agents: [...saved.agents] }, token, true)
      if (!chat.ended) return true
      over = true
    } catch (error) {
      this.options.logger.warn('Resuming the chat failed', error)
      over = error instanceof MiddlewareError && error.isUnauthorized
    }
    await this.#chat?.close(false)
    this.#chat = undefined
    this.#host.persist(null)
    // The host now shows the chat as ended: an agent must not be left with it.
    if (!over) void this.#ender.end(saved.sessionToken, 'resuming the chat failed')
    return false
  }

  /** Ends the chat: `/chats/end` (unless the agent ended it), leave, shut down. No callback fires afterwards. */
  async endChat(info?: HostEndChatInfo): Promise<void> {
    const chat = this.#chat
    this.#chat = undefined
    this.#host.persist(null)
    this.#host.close()
    if (!chat) return
    // The first attempt is awaited (the host gives endChat a few seconds); a failed one is retried meanwhile.
    if (!endedByAgent(info) && !chat.ended) await this.#ender.end(chat.sessionToken, 'the visitor ended the chat')
    await chat.close(true)
  }

  /**
   * Sends the visitor's text, then each file. Every file is settled on its own (`setFileUploadStatus`, with an
   * error for one that failed), whatever happened to the text and the other files. Only a failed text rejects
   * and marks the message failed in the host: hosts mark the whole message failed when this rejects.
   */
  async sendMessageToAgent(message: HostMessageRequest, messageID: string, additionalData?: HostAdditionalData): Promise<void> {
    const text = message.input?.text?.trim()
    let textFailure: { error: unknown } | undefined
    if (text) {
      try {
        await this.#requireChat().sendText(text, messageID)
      } catch (error) {
        textFailure = { error }
      }
    }
    await this.#sendFiles(messageID, additionalData?.filesToUpload ?? [])
    if (!textFailure) return
    this.options.logger.warn('Sending a message to the agent failed', textFailure.error)
    await this.#host.setUserMessageError(messageID)
    throw textFailure.error
  }

  async #sendFiles(messageID: string, uploads: HostFileUpload[]): Promise<void> {
    for (const upload of uploads) {
      const problem = fileProblem(upload.file, this.options.fileUpload)
      try {
        if (problem) throw new Error(problem)
        await this.#requireChat().sendFile(upload.file, messageID, upload.id)
        await this.#host.setFileUploadStatus(upload.id)
      } catch (error) {
        await this.#host.setFileUploadStatus(upload.id, problem ?? 'The file could not be sent. Please try again.')
        this.options.logger.warn('Uploading a file failed', error)
      }
    }
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
      waitingReconnectTimeoutMs: this.options.waitingReconnectTimeoutMs,
      gaveUp: (endOnFlex) => this.#gaveUp(chat, endOnFlex),
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

  /** Opens the held chat again (see {@link HeldChat}); false when it ended meanwhile or cannot be opened. */
  async #resumeHeld(saved: PersistedChat): Promise<boolean> {
    try {
      const { token } = await this.deps.middleware.refresh(saved.sessionToken)
      if (!(await this.#open({ ...saved, agents: [] }, token, true)).ended) return true
    } catch (error) {
      this.options.logger.warn('Resuming the waiting chat failed; opening a new one', error)
      void this.#ender.end(saved.sessionToken, 'resuming the waiting chat failed')
    }
    await this.#chat?.close(false)
    this.#chat = undefined
    return false
  }

  /** Stops a chat the visitor no longer has and, unless Flex ended it already, ends it on Flex. */
  async #discard(chat: LiveChat, why: string): Promise<void> {
    const open = !chat.ended
    await chat.close(false)
    if (open) void this.#ender.end(chat.sessionToken, why)
  }

  /** A chat that gave up (see `LiveChatDeps.gaveUp`): forgotten, with nothing kept for a reload. */
  #gaveUp(chat: LiveChat, endOnFlex: boolean): void {
    if (endOnFlex) void this.#ender.end(chat.sessionToken, 'the chat could not go on')
    if (this.#chat !== chat) return
    this.#chat = undefined
    this.#host.persist(null)
  }

  #requireChat(): LiveChat {
    if (!this.#chat || this.#chat.ended) throw new Error('There is no chat with an agent to send this message to')
    return this.#chat
  }
}
