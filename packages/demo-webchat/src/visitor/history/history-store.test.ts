import type { MessageRequest, MessageResponse } from '@carbon/ai-chat'
import { describe, expect, it } from 'vitest'
import { HISTORY_KEY, HistoryStore, MAX_HISTORY_ITEMS } from './history-store.js'

function memoryStore() {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  }
}

const request = (text: string): MessageRequest => ({ input: { text } })
const response = (id: string): MessageResponse => ({ id, output: { generic: [] } })
const at = () => new Date('2026-01-01T00:00:00.000Z')

describe('HistoryStore', () => {
  it('keeps what was shown, in order, with its time', () => {
    const history = new HistoryStore(memoryStore(), at)
    history.add(request('hello'))
    history.add(response('r1'))
    expect(history.load()).toEqual([
      { message: request('hello'), time: '2026-01-01T00:00:00.000Z' },
      { message: response('r1'), time: '2026-01-01T00:00:00.000Z' },
    ])
  })

  it('survives a new instance (a reload) and clears', () => {
    const store = memoryStore()
    new HistoryStore(store, at).add(request('hello'))
    const reloaded = new HistoryStore(store, at)
    expect(reloaded.load()).toHaveLength(1)
    reloaded.clear()
    expect(reloaded.load()).toEqual([])
  })

  it('is bounded, and ignores a corrupt entry', () => {
    const store = memoryStore()
    const history = new HistoryStore(store, at)
    for (let i = 0; i < MAX_HISTORY_ITEMS + 5; i++) history.add(response(`r${i}`))
    expect(history.load()).toHaveLength(MAX_HISTORY_ITEMS)
    expect(history.load()[0]?.message).toEqual(response('r5'))
    store.data.set(HISTORY_KEY, '{not json')
    expect(history.load()).toEqual([])
  })

  it('when the storage is full, drops the oldest half until the rest fits, and never throws', () => {
    const store = memoryStore()
    const quota = 2_000
    const limited = {
      ...store,
      setItem: (key: string, value: string) => {
        if (value.length > quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
        store.setItem(key, value)
      },
    }
    const history = new HistoryStore(limited, at)
    for (let i = 0; i < 40; i++) history.add(response(`r${i}`))
    const kept = history.load()
    expect(kept.at(-1)?.message).toEqual(response('r39'))
    expect(kept.length).toBeGreaterThan(1)
    expect(kept.length).toBeLessThan(40)
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(quota)
    // One message bigger than the whole quota is not kept, and does not throw either.
    expect(() => history.add(request('x'.repeat(quota)))).not.toThrow()
  })
})
