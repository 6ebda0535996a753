import type { Clock, TimerHandle } from '@flex-escalate/flex-sandbox'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { PresenceConfig } from '../config/config.js'
import { MemoryPresenceStore } from './memory-store.js'
import type { PresenceStore } from './presence-store.js'
import { PresenceTracker } from './presence-tracker.js'
import { RedisPresenceStore } from './redis-store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Visitors' heartbeats and departures (`POST /chats/presence`), and the sweeper that acts on them. */
    presence: PresenceTracker
  }
}

export interface PresenceOptions {
  settings: PresenceConfig
  /** The sweeper's time (tests pass a manual clock). Default: the real one, with unref'd timers. */
  clock?: Clock | undefined
}

/** The real time, for when no clock is injected (the sandbox's systemClock is not loaded on Twilio). */
const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const timer = setTimeout(callback, delayMs)
    timer.unref()
    return timer as unknown as TimerHandle
  },
  clearTimeout: (handle) => clearTimeout(handle as unknown as ReturnType<typeof setTimeout>),
}

/**
 * How often the sweeper looks for visitors who left: a quarter of the shorter wait (the leaving grace), so a
 * departure is acted on at most a quarter late; between 250 ms and 5 s.
 *
 * @example
 * sweepIntervalMs({ timeoutSeconds: 90, leavingGraceSeconds: 20 }) // 5000
 */
export function sweepIntervalMs(settings: Pick<PresenceConfig, 'timeoutSeconds' | 'leavingGraceSeconds'>): number {
  return Math.min(5000, Math.max(250, (Math.min(settings.timeoutSeconds, settings.leavingGraceSeconds) * 1000) / 4))
}

/**
 * Decorates `app.presence` with a {@link PresenceTracker} over Redis (`REDIS_URL`, shared by every instance)
 * or this process's memory, and runs its sweep every {@link sweepIntervalMs} until the app closes. Needs
 * `app.flex` and `app.closedChats`.
 *
 * @example
 * await app.register(presence, { settings: config.presence })
 */
export const presence = fp<PresenceOptions>(
  async function presence(app: FastifyInstance, { settings, clock = realClock }) {
    const store: PresenceStore = settings.redisUrl
      ? await RedisPresenceStore.connect(settings.redisUrl, (err) =>
          app.log.warn({ err: { message: err.message } }, 'presence store (Redis) unavailable'),
        )
      : new MemoryPresenceStore(() => clock.now())
    const tracker = new PresenceTracker({
      store,
      gateway: app.flex,
      settings,
      now: () => clock.now(),
      log: app.log.child({ component: 'presence' }),
      closedChats: app.closedChats,
    })
    app.decorate('presence', tracker)

    const interval = sweepIntervalMs(settings)
    let timer: TimerHandle | undefined
    let closed = false
    const tick = () => {
      timer = undefined
      void tracker.sweep().finally(() => {
        if (!closed) timer = clock.setTimeout(tick, interval)
      })
    }
    app.addHook('onReady', async () => {
      timer = clock.setTimeout(tick, interval)
    })
    app.addHook('onClose', async () => {
      closed = true
      if (timer) clock.clearTimeout(timer)
      await tracker.sweep().catch(() => undefined)
      await store.close()
    })
  },
  { name: 'flex-escalate-presence' },
)
