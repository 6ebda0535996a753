/**
 * `programmable-chat`: Flex's legacy chat channels through the `twilio-chat` SDK. The only importer of
 * `twilio-chat`, and only reached through `import()`.
 */
import { endReasonOf } from '@flex-escalate/api/end-reason'
import type { Channel, Client, Media, Member, Message, User } from 'twilio-chat'
import type { ChatMember, ChatMessage, ChatSnapshot, ConnectParams, OutgoingAttributes } from './chat-transport.js'
import { SdkTransport } from './sdk-transport.js'
import type { PacingOptions } from './send-queue.js'
import { isRecord, profileOf, type SdkOn, toChatMedia } from './transport-kit.js'

// The parts of the SDK this transport uses, picked from its own types so an SDK change fails the compiler.
export type ChatSdkUser = Pick<User, 'friendlyName' | 'attributes'>
export type ChatSdkMember = Pick<Member, 'identity' | 'lastConsumedMessageIndex'> & { getUser(): Promise<ChatSdkUser> }
export type ChatSdkMessage = Pick<Message, 'index' | 'author' | 'body' | 'attributes' | 'type'> & {
  readonly media: Pick<Media, 'sid' | 'filename' | 'contentType' | 'getContentTemporaryUrl'> | null
}
export interface ChatSdkPage {
  items: ChatSdkMessage[]
  hasNextPage: boolean
  nextPage(): Promise<ChatSdkPage>
}
// Types only: lets the listener types below be read off the SDK's generic `on`.
declare const sdkChannel: Channel
declare const sdkClient: Client
type ChannelEventName = 'messageAdded' | 'memberJoined' | 'memberLeft' | 'memberUpdated' | 'typingStarted' | 'typingEnded' | 'updated'
type ClientEventName = 'tokenAboutToExpire' | 'tokenExpired' | 'connectionStateChanged'
export type ChatSdkChannelEvents = { [K in ChannelEventName]: Parameters<typeof sdkChannel.on<K>>[1] }
export type ChatSdkClientEvents = { [K in ClientEventName]: Parameters<typeof sdkClient.on<K>>[1] }

export type ChatSdkChannel = Pick<Channel, 'status' | 'attributes' | 'sendMessage' | 'setAllMessagesConsumed' | 'typing'> &
  SdkOn<ChatSdkChannelEvents> & {
    join(): Promise<unknown>
    leave(): Promise<unknown>
    getMessages(pageSize?: number, anchor?: number, direction?: 'backwards' | 'forward'): Promise<ChatSdkPage>
    getMembers(): Promise<ChatSdkMember[]>
  }
export type ChatSdkClient = Pick<Client, 'shutdown'> &
  SdkOn<ChatSdkClientEvents> & {
    updateToken(token: string): Promise<unknown>
    getChannelBySid(channelSid: string): Promise<ChatSdkChannel>
  }
export interface TwilioChatSdk {
  Client: { create(token: string): Promise<ChatSdkClient> }
}

/** Production loader: the SDK is fetched only when a chat starts. */
export const loadTwilioChat = async (): Promise<TwilioChatSdk> => import('twilio-chat')

/** Flex marks a finished chat channel with attributes `status: "INACTIVE"`. */
function isInactive(attributes: unknown): boolean {
  return isRecord(attributes) && attributes.status === 'INACTIVE'
}

function toMember(member: ChatSdkMember): ChatMember {
  return {
    identity: member.identity,
    ...(member.lastConsumedMessageIndex !== null && { lastReadIndex: member.lastConsumedMessageIndex }),
    loadProfile: async () => profileOf(await member.getUser().catch(() => undefined)),
  }
}

function toMessage(message: ChatSdkMessage): ChatMessage {
  return {
    index: message.index,
    author: message.author || undefined,
    body: message.body ?? '',
    attributes: isRecord(message.attributes) ? message.attributes : {},
    // Programmable Chat carries at most one file per message, and then no text.
    media: message.type === 'media' ? toChatMedia([message.media]) : [],
  }
}

/**
 * A `ChatTransport` over `twilio-chat`.
 *
 * @example
 * const transport = new ProgrammableChatTransport()
 * await transport.connect({ token, chatSid: 'CH…', identity })
 */
export class ProgrammableChatTransport extends SdkTransport<ChatSdkChannel, ChatSdkClient, ChatSdkMessage> {
  readonly name = 'programmable-chat'

  constructor(
    private readonly loadSdk: () => Promise<TwilioChatSdk> = loadTwilioChat,
    pacing: PacingOptions = {},
  ) {
    super(pacing)
  }

  async connect({ token, chatSid }: ConnectParams): Promise<ChatSnapshot> {
    const sdk = await this.loadSdk()
    const client = await sdk.Client.create(token)
    this.attachClient(client)
    const events = this.events
    const channel = await client.getChannelBySid(chatSid)
    if (channel.status !== 'joined') await channel.join()
    this.chat = channel
    channel.on('messageAdded', (message: ChatSdkMessage) => events.emit('messageAdded', toMessage(message)))
    channel.on('memberJoined', (member: ChatSdkMember) => events.emit('memberJoined', toMember(member)))
    channel.on('memberLeft', (member: ChatSdkMember) => events.emit('memberLeft', member.identity))
    channel.on('typingStarted', (member: ChatSdkMember) => events.emit('typingStarted', member.identity))
    channel.on('typingEnded', (member: ChatSdkMember) => events.emit('typingEnded', member.identity))
    channel.on('memberUpdated', ({ member, updateReasons }: { member: ChatSdkMember; updateReasons: string[] }) => {
      const index = member.lastConsumedMessageIndex
      if (updateReasons.includes('lastConsumedMessageIndex') && index !== null) {
        events.emit('readHorizonChanged', member.identity, index)
      }
    })
    channel.on('updated', ({ channel: updated, updateReasons }: { channel: { attributes: unknown }; updateReasons: string[] }) => {
      if (updateReasons.includes('attributes') && isInactive(updated.attributes)) events.emit('chatEnded', endReasonOf(updated.attributes))
    })
    const members = await channel.getMembers()
    return { ended: isInactive(channel.attributes), members: members.map(toMember) }
  }

  async sendMedia(file: File, attributes: OutgoingAttributes): Promise<void> {
    const form = new FormData()
    form.append('file', file, file.name)
    await this.sends.send(() => this.open().sendMessage(form, attributes))
  }

  async markAllRead(): Promise<void> {
    await this.sends.send(() => this.open().setAllMessagesConsumed(), { ordered: false })
  }

  protected toMessage(message: ChatSdkMessage): ChatMessage {
    return toMessage(message)
  }
}

/** Entry point for the transport registry. */
export const createTransport = (): ProgrammableChatTransport => new ProgrammableChatTransport()
