/**
 * The sandbox's wire shapes (`@flex-escalate/api`'s `sandbox.ts`) mapped onto the `ChatTransport` ones, and a
 * visitor's file written as the `data:` URL the protocol carries. The frames arrive already checked against
 * the protocol's schemas (`sandbox-client/frame-reader.ts`), so nothing here second-guesses their shape.
 */
import type { WireMember, WireMessage } from '@flex-escalate/api'
import { MAX_DATA_URL_LENGTH, MAX_MEDIA_NAME_LENGTH } from '@flex-escalate/api/limits'
import type { ChatMember, ChatMessage } from './chat-transport.js'

/**
 * A message as the desk handles it, with every file. A file's `url` is the sandbox's `data:` URL: the file
 * itself, which never expires, so no `sid` is passed on and the desk shows it as it is (no media link needed).
 *
 * @example
 * toChatMessage({ index: 3, author: 'agent-ana', body: 'Hi', attributes: {}, createdAt: '2026-01-01T00:00:00Z' })
 */
export function toChatMessage(message: WireMessage): ChatMessage {
  return {
    index: message.index,
    author: message.author || undefined,
    body: message.body,
    attributes: message.attributes,
    // `attachedMedia` is every file; `media` alone (its first) is what a hub before it sent.
    media: (message.attachedMedia ?? (message.media ? [message.media] : [])).map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      getUrl: async () => file.url,
    })),
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
    ...(member.lastReadIndex !== undefined && { lastReadIndex: member.lastReadIndex }),
    loadProfile: async () => ({ ...(friendlyName && { friendlyName }), ...(avatarUrl && { avatarUrl }) }),
  }
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
  const contentType = (file.type || 'application/octet-stream').slice(0, MAX_MEDIA_NAME_LENGTH)
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
  return { filename: (file.name || 'file').slice(0, MAX_MEDIA_NAME_LENGTH), contentType, dataUrl: prefix + btoa(binary) }
}
