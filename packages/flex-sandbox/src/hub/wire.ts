import type { WireMember, WireMessage } from '@flex-escalate/api'
import type { MediaDescriptor, Member, Message } from '../chat-model.js'

/** A stored message as both sockets send it. */
export function toWireMessage(message: Message): WireMessage {
  return {
    index: message.index,
    author: message.author,
    body: message.body,
    attributes: { ...message.attributes },
    ...attached(message.media),
    createdAt: new Date(message.createdAt).toISOString(),
  }
}

/** A message's files as the wire carries them: all of them, and the first again for readers of one. */
function attached(media: readonly MediaDescriptor[]): Pick<WireMessage, 'attachedMedia' | 'media'> {
  const files = media.map((file) => ({
    filename: file.filename,
    contentType: file.contentType,
    size: file.size,
    ...(file.url ? { url: file.url } : {}),
    ...(file.sid ? { sid: file.sid } : {}),
  }))
  const [first] = files
  return first ? { attachedMedia: files, media: first } : {}
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
  const files = message.media.reduce((sum, file) => sum + (file.url?.length ?? 0) + 100, 0)
  // The first file travels twice: in `attachedMedia` and as `media`.
  return message.body.length + files + (message.media[0]?.url?.length ?? 0) + 200
}
