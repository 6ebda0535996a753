/**
 * The tracker on its own: the store contract on memory (test/reliability/presence/ runs it on Redis), two
 * trackers over one store acting once, and a store outage that must not read as visitors leaving.
 */
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { presenceStoreContract } from '../../test/presence/store-contract.js'
import type { ChatPhase, ChatRef, FlexGateway, VisitorNotice } from '../flex/gateway.js'
import { ClosedChats } from '../webhooks/closed-chats.js'
import { MemoryPresenceStore } from './memory-store.js'
import type { PresenceStore } from './presence-store.js'
import { PresenceTracker, PresenceUnavailableError } from './presence-tracker.js'

presenceStoreContract('memory', async () => new MemoryPresenceStore(() => Date.now()))

const SETTINGS = { timeoutSeconds: 90, leavingGraceSeconds: 20, idleEndSeconds: 300 }
const CHAT: ChatRef = { transport: 'conversations', chatSid: `CH${'1'.repeat(32)}`, taskSid: `WT${'1'.repeat(32)}` }

/** A Flex that records what it is asked, with the phase a test sets. */
function fakeFlex(phase: ChatPhase) {
  const calls = { phase: 0, notices: [] as VisitorNotice['kind'][], ends: 0 }
  const gateway: Pick<FlexGateway, 'chatPhase' | 'notifyAgent' | 'endChat'> = {
    chatPhase: async () => {
      calls.phase++
      return phase
    },
    notifyAgent: async (_chat, notice) => {
      calls.notices.push(notice.kind)
    },
    endChat: async () => {
      calls.ends++
    },
  }
  return { gateway, calls }
}

function tracker(store: PresenceStore, gateway: Pick<FlexGateway, 'chatPhase' | 'notifyAgent' | 'endChat'>, clock: { now: number }) {
  return new PresenceTracker({
    store,
    gateway,
    settings: SETTINGS,
    now: () => clock.now,
    log: pino({ level: 'silent' }),
    closedChats: new ClosedChats({ ttlSeconds: 60 }),
  })
}

describe('two trackers over one store (two instances)', () => {
  it('act once on a visitor who left with an agent: one notice, one end', async () => {
    const clock = { now: Date.UTC(2026, 0, 1) }
    const store = new MemoryPresenceStore(() => clock.now)
    const flex = fakeFlex('with-agent')
    const a = tracker(store, flex.gateway, clock)
    const b = tracker(store, flex.gateway, clock)
    await a.report(CHAT, 'page-0001', 'leaving')
    clock.now += 20_000
    await Promise.all([a.sweep(), b.sweep(), a.sweep(), b.sweep()])
    expect(flex.calls).toEqual({ phase: 1, notices: ['left'], ends: 0 })
    clock.now += 300_000
    await Promise.all([a.sweep(), b.sweep()])
    expect(flex.calls).toEqual({ phase: 1, notices: ['left'], ends: 1 })
  })

  it('share what each heard: a beacon on one and the reloaded page on the other is no departure', async () => {
    const clock = { now: Date.UTC(2026, 0, 1) }
    const store = new MemoryPresenceStore(() => clock.now)
    const flex = fakeFlex('queued')
    const a = tracker(store, flex.gateway, clock)
    const b = tracker(store, flex.gateway, clock)
    await a.report(CHAT, 'page-0001', 'leaving')
    clock.now += 1_000
    await b.report(CHAT, 'page-0002', 'here')
    clock.now += 60_000
    await Promise.all([a.sweep(), b.sweep()])
    expect(flex.calls.ends).toBe(0)
    clock.now += 30_000
    await a.sweep()
    expect(flex.calls.ends).toBe(1)
  })
})

describe('a store outage', () => {
  it('is not a departure: heartbeats this instance failed to record count as seen when the store failed', async () => {
    const clock = { now: Date.UTC(2026, 0, 1) }
    const memory = new MemoryPresenceStore(() => clock.now)
    let down = false
    const failing = <T>(op: () => Promise<T>) => (down ? Promise.reject(new Error('connect ECONNREFUSED')) : op())
    const store: PresenceStore = {
      get: (sid) => failing(() => memory.get(sid)),
      swap: (sid, expected, next) => failing(() => memory.swap(sid, expected, next)),
      due: (now, limit) => failing(() => memory.due(now, limit)),
      claim: (sid, owner, ttl) => failing(() => memory.claim(sid, owner, ttl)),
      release: (sid, owner) => failing(() => memory.release(sid, owner)),
      close: () => memory.close(),
    }
    const flex = fakeFlex('queued')
    const t = tracker(store, flex.gateway, clock)
    await t.report(CHAT, 'page-0001', 'here')
    down = true
    for (const at of [30_000, 60_000]) {
      clock.now = Date.UTC(2026, 0, 1) + at
      await expect(t.report(CHAT, 'page-0001', 'here')).rejects.toBeInstanceOf(PresenceUnavailableError)
    }
    down = false
    // The heartbeat at 90 s is lost on the network: by the record the page is gone at 90 s, but the store
    // was unreachable at 60 s, so this instance counts the page as seen then.
    clock.now = Date.UTC(2026, 0, 1) + 100_000
    await t.sweep()
    expect(flex.calls.ends).toBe(0)
    clock.now = Date.UTC(2026, 0, 1) + 150_000
    await t.sweep()
    expect(flex.calls.ends).toBe(1)
  })
})
