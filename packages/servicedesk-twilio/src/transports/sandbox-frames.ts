/**
 * The sandbox's wire shapes (`@flex-escalate/api`'s `sandbox.ts`) read into the `ChatTransport` ones, and a
 * visitor's file written as the `data:` URL the protocol carries. The server's frames are checked by hand,
 * just enough to not trust them blindly: TypeBox would add its weight to the browser bundle.
 */
import type { VisitorEvent, VisitorReady, WireMember, WireMessage } from '@flex-escalate/api'
import type { ChatMember, ChatMessage } from './chat-transport.js'
import { isRecord } from './transport-kit.js'

/** `send.body`'s `maxLength` in the protocol. */
export const MAX_BODY_LENGTH = 32_000
/** `send.media.dataUrl`'s `maxLength` in the protocol (about 1 MB of file once base64-encoded). */
export const MAX_DATA_URL_LENGTH = 1_400_000
const MAX_NAME_LENGTH = 255

const isString = (value: unknown): value is string => typeof value === 'string'
const isIndex = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0

function isWireMessage(value: unknown): value is WireMessage {
  return isRecord(value) && isIndex(value.index) && isString(value.author) && isString(value.body) && isRecord(value.attributes)
}

function isWireMember(value: unknown): value is WireMember {
  return isRecord(value) && isString(value.identity) && isString(value.displayName)
}

/**
 * A message as the desk handles it; a file's `url` is the sandbox's `data:` URL.
 *
 * @example
 * toChatMessage({ index: 3, author: 'agent-ana', body: 'Hi', attributes: {}, createdAt: '2026-01-01T00:00:00Z' })
 */
export function toChatMessage(message: WireMessage): ChatMessage {
  const { media } = message
  return {
    index: message.index,
    author: message.author || undefined,
    body: message.body,
    attributes: message.attributes,
    ...(isRecord(media) && {
      media: { filename: media.filename, contentType: media.contentType, getUrl: async () => media.url },
    }),
  }
}

/**
 * A member as the desk handles it: the profile is the display name and avatar the sandbox already sent.
 *
 * @example
 * await toChatMember({ identity: 'agent-ana', role: 'agent', displayName: 'Ana' }).loadProfile() // { friendlyName: 'Ana' }
 */
export function toChatMember(member: WireMember): ChatMember {
  const friendlyName = member.displayName.trim()
  const avatarUrl = member.avatarUrl
  return {
    identity: member.identity,
    ...(isIndex(member.lastReadIndex) && { lastReadIndex: member.lastReadIndex }),
    loadProfile: async () => ({ ...(friendlyName && { friendlyName }), ...(isString(avatarUrl) && avatarUrl && { avatarUrl }) }),
  }
}

/**
 * A server event, or `undefined` for a frame that is not one of the protocol's (ignored, not fatal).
 *
 * @example
 * readEvent({ type: 'typingStarted', identity: 'agent-ana' }) // the same event
 */
export function readEvent(frame: Record<string, unknown> & { type: string }): VisitorEvent | undefined {
  switch (frame.type) {
    case 'messageAdded':
      return isWireMessage(frame.message) ? { type: frame.type, message: frame.message } : undefined
    case 'memberJoined':
      return isWireMember(frame.member) ? { type: frame.type, member: frame.member } : undefined
    case 'memberLeft':
    case 'typingStarted':
    case 'typingEnded':
      return isString(frame.identity) ? { type: frame.type, identity: frame.identity } : undefined
    case 'readHorizon':
      return isString(frame.identity) && isIndex(frame.lastReadIndex)
        ? { type: frame.type, identity: frame.identity, lastReadIndex: frame.lastReadIndex }
        : undefined
    case 'chatEnded':
    case 'tokenAboutToExpire':
    case 'tokenExpired':
      return { type: frame.type }
    default:
      return undefined
  }
}

/** The `authenticate` result; throws when it is not one. */
export function readReady(result: unknown): VisitorReady {
  const chat = isRecord(result) ? result.chat : undefined
  if (!isRecord(result) || !isRecord(chat) || !Array.isArray(result.members)) {
    throw new Error('Failed to open the chat: the chat sandbox answered authenticate without a chat. Please update the middleware.')
  }
  return {
    chat: { sid: String(chat.sid), state: chat.state === 'closed' ? 'closed' : 'active' },
    members: result.members.filter(isWireMember),
    tokenExpiresIn: typeof result.tokenExpiresIn === 'number' ? result.tokenExpiresIn : 0,
  }
}

/** The `history` result's messages, oldest first. */
export function readMessages(result: unknown): WireMessage[] {
  const messages = isRecord(result) ? result.messages : undefined
  return Array.isArray(messages) ? messages.filter(isWireMessage).sort((a, b) => a.index - b.index) : []
}

/**
 * The `media` of a `send` frame: the file as a base64 `data:` URL. Rejects a file the protocol cannot carry
 * (about 1 MB), before reading it.
 *
 * @example
 * await mediaOf(new File(['hi'], 'a.txt', { type: 'text/plain' }))
 * // { filename: 'a.txt', contentType: 'text/plain', dataUrl: 'data:text/plain;base64,aGk=' }
 */
export async function mediaOf(file: File): Promise<{ filename: string; contentType: string; dataUrl: string }> {
  const contentType = (file.type || 'application/octet-stream').slice(0, MAX_NAME_LENGTH)
  const prefix = `data:${contentType};base64,`
  const largest = Math.floor((MAX_DATA_URL_LENGTH - prefix.length) / 4) * 3
  if (file.size > largest) {
    throw new Error(
      `Failed to send ${file.name || 'the file'}: it has ${file.size} bytes and the chat sandbox takes at most ${largest}. Please send a smaller file.`,
    )
  }
  const bytes = new Uint8Array(await file.arrayBuffer())
  // btoa takes a "binary string"; built in slices because spreading a whole file overflows the call stack.
  let binary = ''
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000))
  }
  return { filename: (file.name || 'file').slice(0, MAX_NAME_LENGTH), contentType, dataUrl: prefix + btoa(binary) }
}
