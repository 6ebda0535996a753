import { MAX_MESSAGE_BODY_BYTES } from '@flex-escalate/api/limits'
import type { MediaDescriptor } from './chat-model.js'
import { jsonObject } from './json.js'

/** Twilio's limits, so that what works in the sandbox also fits a real account. */
export const MESSAGE_LIMITS = {
  bodyBytes: MAX_MESSAGE_BODY_BYTES,
  attributesBytes: 4 * 1024,
} as const

export interface MessageInput {
  author: string
  body?: string | undefined
  /** JSON object; a string `messageId` in it makes retries of the same message idempotent. */
  attributes?: Record<string, unknown> | undefined
  /** Files of the message, in order (Flex agents send several at once). */
  media?: readonly MediaDescriptor[] | undefined
}

export interface CheckedMessage {
  author: string
  body: string
  attributes: Record<string, unknown>
  media: readonly MediaDescriptor[]
  /** The sender's id for this message, when it gave one. */
  messageId: string | undefined
}

/** Validates and copies a message, saying what is wrong and how to fix it. */
export function checkMessage(input: MessageInput, action: string): CheckedMessage {
  const author = input.author.trim()
  if (!author) throw new Error(`Failed to ${action}: the author is empty. Please pass the sender's identity.`)
  const body = input.body ?? ''
  const bodyBytes = Buffer.byteLength(body, 'utf8')
  if (bodyBytes > MESSAGE_LIMITS.bodyBytes) {
    throw new Error(
      `Failed to ${action}: the body is ${bodyBytes} bytes, over the ${MESSAGE_LIMITS.bodyBytes}-byte limit. Please split the message.`,
    )
  }
  const media = (input.media ?? []).map((file) => checkMedia(file, action))
  if (!body.trim() && media.length === 0)
    throw new Error(`Failed to ${action}: it has neither text nor a file. Please send a body or media.`)
  const attributes = jsonObject(input.attributes ?? {}, action)
  const attributesBytes = Buffer.byteLength(JSON.stringify(attributes), 'utf8')
  if (attributesBytes > MESSAGE_LIMITS.attributesBytes) {
    throw new Error(
      `Failed to ${action}: its attributes are ${attributesBytes} bytes of JSON, over the ${MESSAGE_LIMITS.attributesBytes}-byte limit. Please send less metadata.`,
    )
  }
  const messageId = typeof attributes.messageId === 'string' && attributes.messageId ? attributes.messageId : undefined
  return { author, body, attributes, media, messageId }
}

function checkMedia(media: MediaDescriptor, action: string): MediaDescriptor {
  if (!media.filename?.trim()) throw new Error(`Failed to ${action}: the file has no name. Please pass media.filename.`)
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(media.contentType ?? '')) {
    throw new Error(`Failed to ${action}: "${media.contentType}" is not a content type. Please pass one like "image/png".`)
  }
  if (!Number.isInteger(media.size) || media.size < 0)
    throw new Error(`Failed to ${action}: media.size ${media.size} is not a byte count. Please pass a whole number of bytes.`)
  return { sid: media.sid, filename: media.filename.trim(), contentType: media.contentType, size: media.size, url: media.url }
}
