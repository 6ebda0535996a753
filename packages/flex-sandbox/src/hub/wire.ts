import type { WireMember, WireMessage } from '@flex-escalate/api'
import type { Member, Message } from '../chat-model.js'

/** A stored message as both sockets send it. */
export function toWireMessage(message: Message): WireMessage {
  return {
    index: message.index,
    author: message.author,
    body: message.body,
    attributes: { ...message.attributes },
    ...(message.media
      ? {
          media: {
            filename: message.media.filename,
            contentType: message.media.contentType,
            size: message.media.size,
            ...(message.media.url ? { url: message.media.url } : {}),
          },
        }
      : {}),
    createdAt: new Date(message.createdAt).toISOString(),
  }
}

/** A chat member as both sockets send it: its display name, never more about the person. */
export function toWireMember(member: Member): WireMember {
  return {
    identity: member.identity,
    role: member.role,
    displayName: member.displayName,
    ...(member.avatarUrl ? { avatarUrl: member.avatarUrl } : {}),
    ...(member.lastReadIndex !== undefined ? { lastReadIndex: member.lastReadIndex } : {}),
  }
}

/** Rough bytes a message takes on the wire, for bounding replies. */
export function wireSize(message: Message): number {
  return message.body.length + (message.media?.url?.length ?? 0) + 200
}
