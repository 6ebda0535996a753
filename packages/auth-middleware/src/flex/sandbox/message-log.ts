import type { Message } from './chat-model.js'
import type { CheckedMessage } from './message-rules.js'
import { newSid } from './sids.js'

/**
 * One chat's messages: increasing indexes from 0, at most `max` kept (the oldest dropped first; indexes
 * are never reused, so a reader asking from an index below the first kept one can see the gap), and the
 * `messageId`s of the kept messages per author, so a retried send finds the message it already made.
 *
 * @example
 * const log = new MessageLog('CH…', 1000)
 * log.append(checkMessage({ author: 'anon_1', body: 'hi' }, 'send'), Date.now()).index // 0
 */
export class MessageLog {
  private readonly messages: Message[] = []
  private readonly seen = new Map<string, number>()
  private next = 0

  constructor(
    private readonly chatSid: string,
    private readonly max: number,
  ) {}

  /** The newest message's index; undefined before the first message. */
  get lastIndex(): number | undefined {
    return this.next === 0 ? undefined : this.next - 1
  }

  append(input: CheckedMessage, now: number): Message {
    const message: Message = {
      sid: newSid('IM'),
      chatSid: this.chatSid,
      index: this.next++,
      author: input.author,
      body: input.body,
      attributes: input.attributes,
      media: input.media,
      createdAt: now,
    }
    this.messages.push(message)
    if (input.messageId !== undefined) this.seen.set(seenKey(input.author, input.messageId), message.index)
    for (const dropped of this.messages.splice(0, Math.max(0, this.messages.length - this.max))) {
      const id = dropped.attributes.messageId
      if (typeof id === 'string') this.seen.delete(seenKey(dropped.author, id))
    }
    return message
  }

  /** The kept message this author already sent with this id. */
  earlier(author: string, messageId: string | undefined): Message | undefined {
    const index = messageId === undefined ? undefined : this.seen.get(seenKey(author, messageId))
    return index === undefined ? undefined : this.messages.find((message) => message.index === index)
  }

  /** Kept messages with an index above `index`, oldest first. */
  after(index: number): Message[] {
    return this.messages.filter((message) => message.index > index)
  }
}

function seenKey(author: string, messageId: string): string {
  return JSON.stringify([author, messageId])
}
