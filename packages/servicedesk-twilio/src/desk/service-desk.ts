import type { AvailabilityReply } from '@flex-escalate/api'
import { topicOf } from '../host/connect-message.js'
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
import { closedSentence } from '../i18n/opening-time.js'
import type { MiddlewareClient } from '../middleware/middleware-client.js'
import type { ResolvedOptions } from '../options.js'
import type { TransportLoader, TransportName } from '../transports/chat-transport.js'
import type { ChatEngine } from './chat-engine.js'
import { rewriteClosedCards, showClosedOnCard } from './closed-notice.js'
import { fileProblem } from './file-checks.js'
import { listenForFileDownloads } from './file-downloads.js'
import { FlexEnder } from './flex-ender.js'
import type { LiveChat } from './live-chat.js'
import { parsePersistedChat, sessionExpired, waitingChat } from './persisted-state.js'
import { startFailed } from './start-failure.js'

/** `areAnyAgentsOnline` answers within this time (Carbon gives up after 5 s). */
export const AVAILABILITY_TIMEOUT_MS = 4_000
const NAME = 'Twilio Flex (servicedesk-twilio)'

/** Loads the chat engine's module (chat-engine.ts), as a `TransportLoader` loads a transport's. */
export type ChatEngineLoader = () => Promise<typeof import('./chat-engine.js')>

export interface ServiceDeskDeps {
  middleware: MiddlewareClient
  transports: Readonly<Record<TransportName, TransportLoader>>
  /** Default: the engine's `import()`. Like a transport's loader, it rejects when its chunk does not load. */
  engine?: ChatEngineLoader
  /** The visitor's clock, for "we open tomorrow" (tests inject one). Default: the real one. */
  now?: () => Date
}

const loadChatEngine: ChatEngineLoader = () => import('./chat-engine.js')

/**
 * The ServiceDesk the hosts (watsonx Assistant web chat v7/v8, `@carbon/ai-chat`) call. Built by the factory
 * `createTwilioFlexServiceDesk` returns; one instance serves one chat after another.
 *
 * What a page needs before any chat is here: the host's callbacks, the agents-online question, the file checks.
 * Opening, resuming and holding chats is the chat engine's (chat-engine.ts), loaded with `import()` when a chat
 * is asked for (`startChat`, `reconnect`, or a chat to hold after a reload), as the transports are: a page
 * that never escalates downloads neither. Whatever needs the engine later (`endChat`, sending, the presence
 * heartbeat's `pagehide`) only has something to do once a chat exists, and a chat exists only once the engine
 * has loaded.
 *
 * @example
 * const serviceDeskFactory = createTwilioFlexServiceDesk({ middlewareUrl: 'https://support.example.com' })
 * const desk = await serviceDeskFactory({ callback })
 */
export class TwilioFlexServiceDesk {
  readonly #host: HostCallbacks
  /**
   * Ends on Flex, in the background and retried, every chat `/auth` opened that the visitor no longer has.
   * The desk's rather than the engine's: a reload whose engine fails to load must still end the stored chat.
   */
  readonly #ender: FlexEnder
  /** The chat engine once loaded: everything that needs it synchronously (`endChat`, sending) reads it here. */
  #engine: ChatEngine | undefined
  /** The engine's `import()` on its way, or done; forgotten when it failed, so that the next chat tries again. */
  #loading: Promise<ChatEngine> | undefined
  /** Availability asked for a connect message and not yet read by `areAnyAgentsOnline` (see `#availabilityFor`). */
  readonly #asked = new WeakMap<HostMessageResponse, Promise<AvailabilityReply>>()

  constructor(
    private readonly parameters: HostFactoryParameters,
    private readonly options: ResolvedOptions,
    private readonly deps: ServiceDeskDeps,
  ) {
    this.#host = new HostCallbacks(parameters.callback, options.logger, parameters.instance)
    this.#ender = new FlexEnder(deps.middleware, options.logger)
    rewriteClosedCards(parameters.instance, (message) => this.#closedSentenceFor(message))
    // For as long as the desk lives: the download buttons of a chat restored after a reload work too.
    listenForFileDownloads(parameters.instance)
    const upload = options.fileUpload
    this.#host.updateCapabilities(
      upload
        ? { allowFileUploads: true, allowMultipleFileUploads: true, allowedFileUploadTypes: upload.accept }
        : { allowFileUploads: false },
    )
    // A chat that was waiting for an agent when the page reloaded is held at once (presence.ts): its heartbeat
    // keeps it alive until the visitor asks again. The one case where the engine loads before any request.
    const persisted = this.#host.readPersisted(parameters.persistedState)
    if (waitingChat(persisted)) {
      void this.#load().then(
        (engine) => engine.hold(persisted),
        (error: unknown) => {
          // Nothing beats for the chat: the middleware takes the silence for a departure, as at the hold's end.
          options.logger.warn('Loading the chat engine failed: the chat that waited for an agent before the reload is let go', error)
          this.#host.persist(null)
        },
      )
    }
  }

  /** The integration's name (at most 40 characters, as Carbon requires). */
  getName(): string {
    return NAME
  }

  /** Opens a Flex chat for the `connect_to_agent` item of `connectMessage`; rejects if that fails. */
  async startChat(connectMessage: HostMessageResponse, startChatOptions?: HostStartChatOptions): Promise<void> {
    let engine: ChatEngine
    try {
      // Before `/auth`: a chunk that does not load leaves no Flex chat behind to end.
      engine = await this.#load()
    } catch (error) {
      // No engine, so no earlier chat to replace: the visitor gets the error a failed transport load gives.
      this.#host.reopen()
      return startFailed(this.#host, this.options.logger, this.options.phrasebook, error)
    }
    await engine.startChat(connectMessage, startChatOptions)
  }

  /** Resumes the chat of the persisted state after a reload; `false` if it ended or the session expired. */
  async reconnect(): Promise<boolean> {
    let engine: ChatEngine
    try {
      engine = await this.#load()
    } catch (error) {
      // As when the transport does not load: the stored chat is forgotten, and ended on Flex if still valid.
      this.options.logger.warn('Resuming the chat failed', error)
      const saved = parsePersistedChat(this.#host.readPersisted(this.parameters.persistedState))
      if (!saved) return false
      this.#host.persist(null)
      if (!sessionExpired(saved)) void this.#ender.end(saved.sessionToken, 'resuming the chat failed')
      return false
    }
    return engine.reconnect()
  }

  /** Ends the chat: `/chats/end` (unless the agent ended it), leave, shut down. No callback fires afterwards. */
  async endChat(info?: HostEndChatInfo): Promise<void> {
    const chat = this.#engine?.takeChat()
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
      const problem = fileProblem(upload.file, this.options.fileUpload, this.options.phrasebook)
      try {
        if (problem) throw new Error(problem)
        await this.#requireChat().sendFile(upload.file, messageID, upload.id)
        await this.#host.setFileUploadStatus(upload.id)
      } catch (error) {
        await this.#host.setFileUploadStatus(upload.id, problem ?? this.options.phrasebook.say('fileFailed'))
        this.options.logger.warn('Uploading a file failed', error)
      }
    }
  }

  /** Rejects files the options do not allow, before the visitor sends them. */
  filesSelectedForUpload(uploads: HostFileUpload[]): void {
    for (const upload of uploads) {
      const problem = fileProblem(upload.file, this.options.fileUpload, this.options.phrasebook)
      if (problem) void this.#host.setFileUploadStatus(upload.id, problem)
    }
  }

  async userTyping(isTyping: boolean): Promise<void> {
    await this.#engine?.chat?.userTyping(isTyping).catch((error: unknown) => this.options.logger.debug('Typing signal failed', error))
  }

  async userReadMessages(): Promise<void> {
    await this.#engine?.chat?.markAllRead().catch((error: unknown) => this.options.logger.debug('Marking messages read failed', error))
  }

  /** `true`, `false` or `null` (unknown) for the connect message's topic, within 4 s. */
  async areAnyAgentsOnline(connectMessage: HostMessageResponse): Promise<boolean | null> {
    try {
      const reply = await this.#availabilityFor(connectMessage)
      this.#asked.delete(connectMessage)
      // Closed: the host's "no agents" card says when the queue opens instead (closed-notice.ts).
      if (reply.closed) {
        showClosedOnCard(connectMessage, closedSentence(this.options.phrasebook, reply.closed, this.deps.now?.() ?? new Date()))
      }
      return reply.agentsOnline
    } catch (error) {
      this.options.logger.warn('Asking whether agents are online failed', error)
      return null
    }
  }

  /** The closed sentence for the connect message's topic while its queue is closed (the host's `pre:receive`). */
  async #closedSentenceFor(connectMessage: HostMessageResponse): Promise<string | undefined> {
    const { closed } = await this.#availabilityFor(connectMessage)
    return closed && closedSentence(this.options.phrasebook, closed, this.deps.now?.() ?? new Date())
  }

  /** One availability question per connect message, shared by `pre:receive` and `areAnyAgentsOnline`. */
  #availabilityFor(connectMessage: HostMessageResponse): Promise<AvailabilityReply> {
    let asked = this.#asked.get(connectMessage)
    if (!asked) {
      asked = this.deps.middleware.availability(topicOf(connectMessage), undefined, AVAILABILITY_TIMEOUT_MS)
      this.#asked.set(connectMessage, asked)
      // A failed answer is not kept: the next question asks again.
      asked.catch(() => this.#asked.delete(connectMessage))
    }
    return asked
  }

  #requireChat(): LiveChat {
    const chat = this.#engine?.chat
    // After the agent ended it, the post-chat survey (rating.ts) still takes the visitor's text.
    if (!chat || (chat.ended && !chat.surveying)) throw new Error('There is no chat with an agent to send this message to')
    return chat
  }

  /** The chat engine, loaded once (see the class comment); rejects with the `import()`'s error. */
  #load(): Promise<ChatEngine> {
    this.#loading ??= (this.deps.engine ?? loadChatEngine)().then(
      ({ ChatEngine }) => {
        this.#engine = new ChatEngine({
          host: this.#host,
          options: this.options,
          deps: this.deps,
          ender: this.#ender,
          persisted: () => this.#host.readPersisted(this.parameters.persistedState),
        })
        return this.#engine
      },
      (error: unknown) => {
        this.#loading = undefined
        throw error
      },
    )
    return this.#loading
  }
}
