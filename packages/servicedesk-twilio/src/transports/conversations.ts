/**
 * `conversations`: Flex Conversations through `@twilio/conversations`. The only importer of that SDK, and
 * only reached through `import()`.
 */
import { endReasonOf } from '@flex-escalate/api/end-reason'
import type { Client, Conversation, Media, Message, Participant, User } from '@twilio/conversations'
import type { ChatMember, ChatMessage, ChatSnapshot, ConnectParams, OutgoingAttributes } from './chat-transport.js'
import { SdkTransport } from './sdk-transport.js'
import type { PacingOptions } from './send-queue.js'
import { isRecord, profileOf, type SdkOn, toChatMedia } from './transport-kit.js'

// The parts of the SDK this transport uses, picked from its own types so an SDK change fails the compiler.
export type ConvSdkUser = Pick<User, 'friendlyName' | 'attributes'>
export type ConvSdkParticipant = Pick<Participant, 'identity' | 'lastReadMessageIndex'> & {
  getUser(): Promise<ConvSdkUser>
}
export type ConvSdkMessage = Pick<Message, 'index' | 'author' | 'body' | 'attributes' | 'type'> & {
  readonly attachedMedia: Array<Pick<Media, 'sid' | 'filename' | 'contentType' | 'getContentTemporaryUrl'>> | null
}
export interface ConvSdkPage {
  items: ConvSdkMessage[]
  hasNextPage: boolean
  nextPage(): Promise<ConvSdkPage>
}
// Types only: lets the listener types below be read off the SDK's generic `on`.
declare const sdkConversation: Conversation
declare const sdkClient: Client
type ConversationEventName =
  | 'messageAdded'
  | 'participantJoined'
  | 'participantLeft'
  | 'participantUpdated'
  | 'typingStarted'
  | 'typingEnded'
  | 'updated'
type ClientEventName = 'stateChanged' | 'tokenAboutToExpire' | 'tokenExpired' | 'connectionStateChanged'
export type ConvSdkConversationEvents = { [K in ConversationEventName]: Parameters<typeof sdkConversation.on<K>>[1] }
export type ConvSdkClientEvents = { [K in ClientEventName]: Parameters<typeof sdkClient.on<K>>[1] }

export type ConvSdkConversation = Pick<Conversation, 'status' | 'state' | 'sendMessage' | 'setAllMessagesRead' | 'typing'> &
  SdkOn<ConvSdkConversationEvents> & {
    join(): Promise<unknown>
    leave(): Promise<unknown>
    getMessages(pageSize?: number, anchor?: number, direction?: 'backwards' | 'forward'): Promise<ConvSdkPage>
    getParticipants(): Promise<ConvSdkParticipant[]>
  }
export type ConvSdkClient = Pick<Client, 'shutdown'> &
  SdkOn<ConvSdkClientEvents> & {
    updateToken(token: string): Promise<unknown>
    getConversationBySid(conversationSid: string): Promise<ConvSdkConversation>
  }
export interface ConversationsSdk {
  Client: new (token: string) => ConvSdkClient
}

/** Production loader: the SDK is fetched only when a chat starts. */
export const loadConversations = async (): Promise<ConversationsSdk> => import('@twilio/conversations')

function isClosed(conversation: { state?: { current: string } | undefined }): boolean {
  return conversation.state?.current === 'closed'
}

function toMember(participant: ConvSdkParticipant): ChatMember {
  return {
    identity: participant.identity ?? '',
    ...(participant.lastReadMessageIndex !== null && { lastReadIndex: participant.lastReadMessageIndex }),
    loadProfile: async () => profileOf(await participant.getUser().catch(() => undefined)),
  }
}

function toMessage(message: ConvSdkMessage): ChatMessage {
  return {
    index: message.index,
    author: message.author ?? undefined,
    body: message.body ?? '',
    attributes: isRecord(message.attributes) ? message.attributes : {},
    // A Flex agent's message may carry several files, with or without text.
    media: toChatMedia(message.attachedMedia),
  }
}

/** Resolves once the client is initialized; rejects if initialization fails. */
function initialized(client: ConvSdkClient): Promise<void> {
  return new Promise((resolve, reject) => {
    client.on('stateChanged', (state: string) => {
      if (state === 'initialized') resolve()
      else if (state === 'failed') reject(new Error('The Twilio Conversations client failed to initialize'))
    })
  })
}

/**
 * A `ChatTransport` over `@twilio/conversations`.
 *
 * @example
 * const transport = new ConversationsTransport()
 * await transport.connect({ token, chatSid: 'CH…', identity })
 */
export class ConversationsTransport extends SdkTransport<ConvSdkConversation, ConvSdkClient, ConvSdkMessage> {
  readonly name = 'conversations'

  constructor(
    private readonly loadSdk: () => Promise<ConversationsSdk> = loadConversations,
    pacing: PacingOptions = {},
  ) {
    super(pacing)
  }

  async connect({ token, chatSid }: ConnectParams): Promise<ChatSnapshot> {
    const sdk = await this.loadSdk()
    const client = new sdk.Client(token)
    const ready = initialized(client)
    this.attachClient(client)
    const events = this.events
    await ready

    const conversation = await client.getConversationBySid(chatSid)
    if (conversation.status !== 'joined') await conversation.join()
    this.chat = conversation
    conversation.on('messageAdded', (message: ConvSdkMessage) => events.emit('messageAdded', toMessage(message)))
    conversation.on('participantJoined', (participant: ConvSdkParticipant) => events.emit('memberJoined', toMember(participant)))
    conversation.on('participantLeft', (participant: ConvSdkParticipant) => events.emit('memberLeft', participant.identity ?? ''))
    conversation.on('typingStarted', (participant: ConvSdkParticipant) => events.emit('typingStarted', participant.identity ?? ''))
    conversation.on('typingEnded', (participant: ConvSdkParticipant) => events.emit('typingEnded', participant.identity ?? ''))
    conversation.on(
      'participantUpdated',
      ({ participant, updateReasons }: { participant: ConvSdkParticipant; updateReasons: string[] }) => {
        const index = participant.lastReadMessageIndex
        if (updateReasons.includes('lastReadMessageIndex') && index !== null) {
          events.emit('readHorizonChanged', participant.identity ?? '', index)
        }
      },
    )
    conversation.on(
      'updated',
      ({
        conversation: updated,
        updateReasons,
      }: {
        conversation: { state?: { current: string }; attributes?: unknown }
        updateReasons: string[]
      }) => {
        // The middleware writes the reason with the state, in one update, when Flex gave the chat up.
        if (updateReasons.includes('state') && isClosed(updated)) events.emit('chatEnded', endReasonOf(updated.attributes))
      },
    )
    const participants = await conversation.getParticipants()
    return { ended: isClosed(conversation), members: participants.map(toMember) }
  }

  async sendMedia(file: File, attributes: OutgoingAttributes): Promise<void> {
    const media = { contentType: file.type || 'application/octet-stream', filename: file.name, media: file }
    await this.sends.send(() => this.open().sendMessage(media, attributes))
  }

  async markAllRead(): Promise<void> {
    await this.sends.send(() => this.open().setAllMessagesRead(), { ordered: false })
  }

  protected toMessage(message: ConvSdkMessage): ChatMessage {
    return toMessage(message)
  }
}

/** Entry point for the transport registry. */
export const createTransport = (): ConversationsTransport => new ConversationsTransport()
