import { describe, expect, it } from 'vitest'
import type { PresenceRecord, PresenceStore } from '../../src/presence/presence-store.js'

const chat = (n: number) => `CH${String(n).padStart(32, '0')}`
const record = (n: number, seenAt: number): PresenceRecord => ({
  chat: { transport: 'conversations', chatSid: chat(n), taskSid: `WT${String(n).padStart(32, '0')}` },
  pages: { 'page-0001': { seenAt } },
})
const write = (r: PresenceRecord, dueAt: number) => ({ raw: JSON.stringify(r), dueAt, ttlMs: 3_600_000 })

/**
 * What every presence store must do for the tracker to run the same on it: compare-and-set on the stored
 * text, a due index that follows every write and delete, and claims only one holder gets.
 *
 * @example
 * presenceStoreContract('memory', async () => new MemoryPresenceStore(() => Date.now()))
 */
export function presenceStoreContract(name: string, open: () => Promise<PresenceStore>, now: () => number = Date.now): void {
  describe(`the ${name} presence store`, () => {
    it('writes only over the text it was given (compare-and-set), and deletes the same way', async () => {
      const store = await open()
      const sid = chat(1_000 + Math.floor(Math.random() * 1e9))
      expect(await store.get(sid)).toBeUndefined()
      const first = write(record(1, 10), 100)
      expect(await store.swap(sid, undefined, first)).toBe(true)
      expect(await store.swap(sid, undefined, first)).toBe(false)
      expect(await store.get(sid)).toEqual({ raw: first.raw, record: record(1, 10) })
      const second = write(record(1, 20), 200)
      expect(await store.swap(sid, 'not what is stored', second)).toBe(false)
      expect(await store.swap(sid, first.raw, second)).toBe(true)
      expect((await store.get(sid))?.record.pages['page-0001']?.seenAt).toBe(20)
      expect(await store.swap(sid, first.raw, undefined)).toBe(false)
      expect(await store.swap(sid, second.raw, undefined)).toBe(true)
      expect(await store.get(sid)).toBeUndefined()
      await store.close()
    })

    it('lists the chats due, soonest first, within the limit; a write moves a chat, a delete removes it', async () => {
      const store = await open()
      const base = now() + 1_000_000 + Math.floor(Math.random() * 1e6)
      const [a, b, c] = [chat(base), chat(base + 1), chat(base + 2)]
      await store.swap(a, undefined, write(record(1, 0), base + 30))
      await store.swap(b, undefined, write(record(2, 0), base + 10))
      await store.swap(c, undefined, write(record(3, 0), base + 20))
      const mine = async (at: number, limit = 100) => (await store.due(at, limit)).filter((sid) => [a, b, c].includes(sid))
      expect(await mine(base + 20)).toEqual([b, c])
      expect(await mine(base + 30)).toEqual([b, c, a])
      const moved = write(record(2, 1), base + 40)
      const stored = await store.get(b)
      expect(await store.swap(b, stored?.raw, moved)).toBe(true)
      expect(await mine(base + 30)).toEqual([c, a])
      expect(await store.swap(c, (await store.get(c))?.raw, undefined)).toBe(true)
      expect(await mine(base + 50)).toEqual([a, b])
      for (const sid of [a, b]) await store.swap(sid, (await store.get(sid))?.raw, undefined)
      await store.close()
    })

    it('gives a claim to one holder until it is released by that holder', async () => {
      const store = await open()
      const sid = chat(2_000_000_000 + Math.floor(Math.random() * 1e9))
      expect(await store.claim(sid, 'a', 60_000)).toBe(true)
      expect(await store.claim(sid, 'b', 60_000)).toBe(false)
      await store.release(sid, 'b')
      expect(await store.claim(sid, 'b', 60_000)).toBe(false)
      await store.release(sid, 'a')
      expect(await store.claim(sid, 'b', 60_000)).toBe(true)
      await store.release(sid, 'b')
      await store.close()
    })
  })
}
