import type { PresenceStore, RecordWrite, StoredRecord } from './presence-store.js'

interface Entry extends RecordWrite {
  expiresAt: number
}

/**
 * Presence records in this process's memory (no `REDIS_URL`): one instance, so it alone sweeps them. Keeps
 * the semantics of the Redis store (compare-and-set on the stored text, expiry, claims) so the tracker runs
 * the same on both. `now` is the app's clock (expiry).
 *
 * @example
 * const store = new MemoryPresenceStore(() => Date.now())
 */
export class MemoryPresenceStore implements PresenceStore {
  private readonly records = new Map<string, Entry>()
  private readonly claims = new Map<string, { owner: string; expiresAt: number }>()

  constructor(private readonly now: () => number) {}

  async get(chatSid: string): Promise<StoredRecord | undefined> {
    const entry = this.live(chatSid)
    return entry && { raw: entry.raw, record: JSON.parse(entry.raw) }
  }

  async swap(chatSid: string, expected: string | undefined, next: RecordWrite | undefined): Promise<boolean> {
    if (this.live(chatSid)?.raw !== expected) return false
    if (next) this.records.set(chatSid, { ...next, expiresAt: this.now() + next.ttlMs })
    else this.records.delete(chatSid)
    return true
  }

  async due(now: number, limit: number): Promise<string[]> {
    const due: [string, number][] = []
    for (const [chatSid, entry] of this.records) {
      if (entry.expiresAt <= now) this.records.delete(chatSid)
      else if (entry.dueAt <= now) due.push([chatSid, entry.dueAt])
    }
    return due
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([chatSid]) => chatSid)
  }

  async claim(chatSid: string, owner: string, ttlMs: number): Promise<boolean> {
    const held = this.claims.get(chatSid)
    if (held && held.expiresAt > this.now()) return false
    this.claims.set(chatSid, { owner, expiresAt: this.now() + ttlMs })
    return true
  }

  async release(chatSid: string, owner: string): Promise<void> {
    if (this.claims.get(chatSid)?.owner === owner) this.claims.delete(chatSid)
  }

  async close(): Promise<void> {
    this.records.clear()
    this.claims.clear()
  }

  private live(chatSid: string): Entry | undefined {
    const entry = this.records.get(chatSid)
    if (entry && entry.expiresAt <= this.now()) {
      this.records.delete(chatSid)
      return undefined
    }
    return entry
  }
}
