import type { Message } from './chat-model.js'
import type { CheckedMessage } from './message-rules.js'
import { newSid } from './sids.js'

/**
 * One chat's messages: increasing indexes from 0, at most `max` kept (the oldest dropped first; indexes
 * are never reused, so a reader asking from an index below the first kept one can see the gap). A retried
 * send is recognised by author and `attributes.messageId` among the kept messages: a scan of at most
 * `max` entries, newest first (retries are recent), with no second index to keep in step.
 *
 * @example
 * const log = new MessageLog('CH…', 1000)
 * log.append(checkMessage({ author: 'anon_1', body: 'hi' }, 'send'), clock.now()).index // 0
 */
export class MessageLog {
  private readonly messages: Message[] = []
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
    if (this.messages.length > this.max) this.messages.splice(0, this.messages.length - this.max)
    return message
  }

  /** The kept message this author already sent with this id. */
  earlier(author: string, messageId: string | undefined): Message | undefined {
    if (messageId === undefined) return undefined
    // lib is ES2022 (no findLast): walk back by hand.
    for (let i = this.messages.length - 1; i >= 0; i--) {
      // biome-ignore lint/style/noNonNullAssertion: i is within the array, walking back from its end.
      const message = this.messages[i]!
      if (message.author === author && message.attributes.messageId === messageId) return message
    }
    return undefined
  }

  /** The newest `count` kept messages, oldest first. */
  newest(count: number): Message[] {
    return count > 0 ? this.messages.slice(-count) : []
  }

  /** Kept messages with an index above `index`, oldest first. */
  after(index: number): Message[] {
    return this.messages.filter((message) => message.index > index)
  }
}
