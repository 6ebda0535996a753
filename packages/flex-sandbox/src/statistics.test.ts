import { describe, expect, it } from 'vitest'
import { routerHarness } from './testing.js'

describe('queue statistics', () => {
  it('gives positions in queue order, a higher priority going first', () => {
    const { router, clock } = routerHarness()
    const first = router.createTask({ chatSid: 'CH1' })
    clock.advance(1000)
    const second = router.createTask({ chatSid: 'CH2' })
    const urgent = router.createTask({ chatSid: 'CH3', priority: 1 })
    expect([urgent, first, second].map((task) => router.positionInQueue(task.sid))).toEqual([1, 2, 3])
  })

  it('counts positions per queue', () => {
    const { router } = routerHarness()
    router.createTask({ chatSid: 'CH1', topic: 'technical' })
    const billing = router.createTask({ chatSid: 'CH2', topic: 'billing' })
    expect(router.positionInQueue(billing.sid)).toBe(1)
  })

  it('lists eligible Available workers and waiting tasks', () => {
    const { router, clock, agent } = routerHarness()
    const bill = agent('Bill', ['billing'], 1)
    agent('Tess', ['technical'])
    router.addWorker({ name: 'Off', skills: ['billing'] })
    const reserved = router.createTask({ chatSid: 'CH1', topic: 'billing' })
    const pending = router.createTask({ chatSid: 'CH2', topic: 'billing' })
    clock.advance(12_000)
    const stats = router.queueStatistics('billing')
    expect(stats.queue.name).toBe('Billing')
    expect(stats.availableWorkers.map((worker) => worker.sid)).toEqual([bill.sid])
    expect(stats.workersWithCapacity).toBe(0)
    expect(stats.waitingTasks.map((task) => [task.sid, task.status])).toEqual([
      [reserved.sid, 'reserved'],
      [pending.sid, 'pending'],
    ])
    expect(stats.longestWaitingSeconds).toBe(12)
    expect(() => router.queueStatistics('Sales')).toThrow(/there is no task queue "Sales". Please use one of: Billing \(WQ/)
  })

  it('estimates the wait from recent acceptances times the position, and nothing without data', () => {
    const { router, clock, offerFor } = routerHarness()
    const ada = router.addWorker({ name: 'Ada', chatCapacity: 1 })
    const accept = (chatSid: string, waitMs: number) => {
      const task = router.createTask({ chatSid })
      clock.advance(waitMs)
      router.setWorkerActivity(ada.sid, 'Available')
      router.acceptReservation(offerFor(ada.sid)!.sid)
      router.completeTask(task.sid)
      router.setWorkerActivity(ada.sid, 'Offline')
    }
    const probe = router.createTask({ chatSid: 'CH0' })
    expect(router.estimatedWaitSeconds(probe.sid)).toBeUndefined()
    router.cancelTask(probe.sid)
    accept('CH1', 10_000)
    accept('CH2', 20_000)
    const one = router.createTask({ chatSid: 'CH3' })
    const two = router.createTask({ chatSid: 'CH4' })
    expect(router.estimatedWaitSeconds(one.sid)).toBe(15)
    expect(router.estimatedWaitSeconds(two.sid)).toBe(30)
    expect(router.queueStatistics('Everyone').averageAcceptSeconds).toBe(15)
    expect(router.estimatedWaitSeconds('WTunknown')).toBeUndefined()
  })

  it('averages only the last waitSampleSize acceptances', () => {
    const { router, clock, agent } = routerHarness({ waitSampleSize: 1 })
    const first = router.createTask({ chatSid: 'CH1' })
    clock.advance(100_000)
    const ada = agent('Ada', [], 3)
    router.pickTask(ada.sid, first.sid)
    const second = router.createTask({ chatSid: 'CH2' })
    clock.advance(4000)
    router.acceptReservation(router.worker(ada.sid)!.reservationSids[0]!)
    expect(router.queueStatistics('Everyone').averageAcceptSeconds).toBe(4)
    expect(router.task(second.sid)?.status).toBe('assigned')
  })
})
