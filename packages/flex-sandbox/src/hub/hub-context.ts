import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { FlexSandbox } from '../flex-sandbox.js'
import type { HubLimits } from './limits.js'

/** What every socket handler of the hub shares. */
export interface HubContext {
  sandbox: FlexSandbox
  limits: HubLimits
  clock: Clock
  log: FastifyBaseLogger
}

/**
 * Who listens to which chat: the visitor sockets of each chat, found in O(1) when a chat event is forwarded.
 *
 * @example
 * const subscribers = new ChatSubscribers<VisitorSession>()
 * subscribers.add('CH…', session)
 * for (const s of subscribers.of('CH…')) s.deliver(event, payload)
 */
export class ChatSubscribers<T> {
  private readonly byChat = new Map<string, Set<T>>()

  add(chatSid: string, subscriber: T): void {
    let set = this.byChat.get(chatSid)
    if (!set) {
      set = new Set()
      this.byChat.set(chatSid, set)
    }
    set.add(subscriber)
  }

  remove(chatSid: string, subscriber: T): void {
    const set = this.byChat.get(chatSid)
    set?.delete(subscriber)
    if (set?.size === 0) this.byChat.delete(chatSid)
  }

  of(chatSid: string): readonly T[] {
    return [...(this.byChat.get(chatSid) ?? [])]
  }

  count(chatSid: string): number {
    return this.byChat.get(chatSid)?.size ?? 0
  }
}
