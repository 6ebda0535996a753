import { Redis } from 'ioredis'
import type { PresenceStore, RecordWrite, StoredRecord } from './presence-store.js'

const PREFIX = 'flex-escalate-presence:'
const DUE = `${PREFIX}due`
const recordKey = (chatSid: string) => `${PREFIX}chat:${chatSid}`
const claimKey = (chatSid: string) => `${PREFIX}claim:${chatSid}`

/**
 * Compare-and-set of one record and its place in the due index, atomically (a Lua script runs alone).
 * KEYS: record, due index. ARGV: expected present ('1'/'0'), expected text, write ('1') or delete ('0'),
 * new text, due time, TTL in ms, chat SID (the index member).
 */
const SWAP = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
if ARGV[3] == '1' then
  redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[6])
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[7])
else
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[7])
end
return 1
`

/** Deletes a claim only if its owner still holds it (a claim that expired may belong to another instance now). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

interface PresenceCommands {
  presenceSwap(...args: (string | number)[]): Promise<number>
  presenceRelease(...args: string[]): Promise<number>
}

/**
 * Presence records in Redis (`REDIS_URL`), shared by every instance: a JSON string per chat that expires,
 * a sorted set of chats by the time they fall due, and claims taken with `SET NX PX` so one instance acts on
 * a chat at a time. Commands fail at once while Redis is down (no offline queue): the tracker then notices
 * no departure rather than acting on records it could not keep up to date.
 *
 * @example
 * const store = await RedisPresenceStore.connect('redis://127.0.0.1:6379', (message) => log.warn(message))
 */
export class RedisPresenceStore implements PresenceStore {
  private readonly commands: PresenceCommands

  private constructor(private readonly redis: Redis) {
    redis.defineCommand('presenceSwap', { numberOfKeys: 2, lua: SWAP })
    redis.defineCommand('presenceRelease', { numberOfKeys: 1, lua: RELEASE })
    this.commands = redis as unknown as PresenceCommands
  }

  /** Connects, waiting up to `waitMs` for Redis to be ready (commands fail fast until it is). */
  static async connect(url: string, onError: (err: Error) => void, waitMs = 3000): Promise<RedisPresenceStore> {
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
    redis.on('error', onError)
    if (redis.status !== 'ready') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs)
        redis.once('ready', () => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    return new RedisPresenceStore(redis)
  }

  async get(chatSid: string): Promise<StoredRecord | undefined> {
    const raw = await this.redis.get(recordKey(chatSid))
    return raw === null ? undefined : { raw, record: JSON.parse(raw) }
  }

  async swap(chatSid: string, expected: string | undefined, next: RecordWrite | undefined): Promise<boolean> {
    const swapped = await this.commands.presenceSwap(
      recordKey(chatSid),
      DUE,
      expected === undefined ? '0' : '1',
      expected ?? '',
      next ? '1' : '0',
      next?.raw ?? '',
      next?.dueAt ?? 0,
      Math.max(1, Math.ceil(next?.ttlMs ?? 1)),
      chatSid,
    )
    return swapped === 1
  }

  async due(now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(DUE, '-inf', now, 'LIMIT', 0, limit)
  }

  async claim(chatSid: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(claimKey(chatSid), owner, 'PX', ttlMs, 'NX')) === 'OK'
  }

  async release(chatSid: string, owner: string): Promise<void> {
    await this.commands.presenceRelease(claimKey(chatSid), owner)
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect())
  }
}
