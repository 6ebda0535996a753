import { LRUCache } from 'lru-cache'

/**
 * Chats Twilio told us are closed (webhooks), so that `/chats/end` and `/agents/availability` answer
 * without asking Twilio again. Bounded: the oldest entries go first, and an entry outlives no session
 * token that could still name it.
 *
 * @example
 * const closed = new ClosedChats({ ttlSeconds: 86_400 })
 * closed.add('CH...')
 * closed.has('CH...') // true
 */
export class ClosedChats {
  private readonly sids: LRUCache<string, true>

  constructor(options: { ttlSeconds: number; max?: number }) {
    this.sids = new LRUCache({ max: options.max ?? 50_000, ttl: options.ttlSeconds * 1000 })
  }

  add(chatSid: string): void {
    this.sids.set(chatSid, true)
  }

  has(chatSid: string): boolean {
    return this.sids.has(chatSid)
  }

  get size(): number {
    return this.sids.size
  }
}
