/**
 * Test helpers for code built on the sandbox (`@flex-escalate/flex-sandbox/testing`): a manual clock and a
 * router that records its events. Kept out of the main entry so that no production import pulls them in.
 */
import { createManualClock, type ManualClock } from './manual-clock.js'
import type { Reservation, Worker } from './model.js'
import type { RouterEvent, RouterEvents } from './router-events.js'
import { SandboxRouter, type SandboxRouterOptions } from './routing.js'
import { payloadsOf } from './typed-emitter.js'

export interface RouterHarness {
  clock: ManualClock
  router: SandboxRouter
  /** Every event the router emitted, in order. */
  log: RouterEvent[]
  /** Signs in an agent and makes it Available. */
  agent(name: string, skills?: string[], chatCapacity?: number): Worker
  /** The worker's open offer, if any. */
  offerFor(workerSid: string): Reservation | undefined
  /** Payloads of one event, in order. */
  events<K extends keyof RouterEvents>(event: K): RouterEvents[K][]
}

/**
 * A router on a manual clock that records its events, for tests of the sandbox and of what is built on it.
 *
 * @example
 * const { router, agent, offerFor } = routerHarness()
 * const ada = agent('Ada', ['billing'])
 * router.createTask({ chatSid: 'CH1', topic: 'billing' })
 * router.acceptReservation(offerFor(ada.sid)!.sid)
 */
export function routerHarness(options: SandboxRouterOptions = {}): RouterHarness {
  const clock = createManualClock()
  const router = new SandboxRouter({ clock, ...options })
  const log: RouterHarness['log'] = []
  router.onAny((event) => log.push(event))
  return {
    clock,
    router,
    log,
    agent(name, skills = [], chatCapacity = 1) {
      const worker = router.addWorker({ name, skills, chatCapacity })
      return router.setWorkerActivity(worker.sid, 'Available')
    },
    offerFor(workerSid) {
      const sid = router.worker(workerSid)?.reservationSids[0]
      return sid === undefined ? undefined : router.reservation(sid)
    },
    events<K extends keyof RouterEvents>(event: K) {
      return payloadsOf<RouterEvents, K>(log, event)
    },
  }
}

export { type HubClient, hubClient, type VisitorTicket } from './hub-client.js'
export { createManualClock, type ManualClock } from './manual-clock.js'
export { type FrameOf, type ServerFrame, TestSocket } from './test-socket.js'
