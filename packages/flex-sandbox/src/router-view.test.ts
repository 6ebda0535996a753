import { describe, expect, it } from 'vitest'
import { routerHarness } from './testing.js'

describe('RouterView', () => {
  it('finds the open task of a chat through the index, and the next one once the first is completed', () => {
    const { router, agent, offerFor } = routerHarness({ finishedTaskRetentionSeconds: 60 })
    const ada = agent('Ada')
    const first = router.createTask({ chatSid: 'CH1' })
    router.createTask({ chatSid: 'CH2' })
    expect(router.view.openTaskForChat('CH1')?.sid).toBe(first.sid)
    expect(router.view.openTaskForChat('CH9')).toBeUndefined()
    router.acceptReservation(offerFor(ada.sid)!.sid)
    router.completeTask(first.sid)
    expect(router.view.openTaskForChat('CH1')).toBeUndefined()
    const second = router.createTask({ chatSid: 'CH1' })
    expect(router.view.openTaskForChat('CH1')?.sid).toBe(second.sid)
    expect(router.openTaskForChat('CH1')?.sid).toBe(second.sid)
  })

  it('forgets a completed task from the chat index once retention ends', () => {
    const { router, clock, agent, offerFor } = routerHarness({ finishedTaskRetentionSeconds: 1 })
    const ada = agent('Ada')
    const task = router.createTask({ chatSid: 'CH1' })
    router.acceptReservation(offerFor(ada.sid)!.sid)
    router.completeTask(task.sid)
    clock.advance(1000)
    expect(router.task(task.sid)).toBeUndefined()
    expect(router.view.openTaskForChat('CH1')).toBeUndefined()
    const again = router.createTask({ chatSid: 'CH1' })
    expect(router.view.openTaskForChat('CH1')?.sid).toBe(again.sid)
  })

  it("lists a worker's held tasks (assigned and wrapping) oldest first, and its pending offers", () => {
    const { router, clock, agent, offerFor } = routerHarness()
    const ada = agent('Ada', [], 2)
    const bob = agent('Bob', [], 1)
    const first = router.createTask({ chatSid: 'CH1' })
    clock.advance(1)
    const second = router.createTask({ chatSid: 'CH2' })
    clock.advance(1)
    const third = router.createTask({ chatSid: 'CH3' })
    // Ada (idle longest) is offered up to her capacity, then Bob.
    expect(router.view.pendingOffersOf(ada.sid).map(({ task }) => task.sid)).toEqual([first.sid, second.sid])
    expect(router.view.pendingOffersOf(bob.sid).map(({ task }) => task.sid)).toEqual([third.sid])
    router.acceptReservation(offerFor(bob.sid)!.sid)
    // Accept the newer offer first: the held list still comes oldest first.
    const [older, newer] = router.view.pendingOffersOf(ada.sid).map(({ reservation }) => reservation.sid)
    router.acceptReservation(newer!)
    router.acceptReservation(older!)
    router.wrapUpTask(first.sid)
    expect(router.view.tasksOfWorker(ada.sid).map((task) => [task.chatSid, task.status])).toEqual([
      ['CH1', 'wrapping'],
      ['CH2', 'assigned'],
    ])
    expect(router.view.tasksOfWorker(bob.sid).map((task) => task.chatSid)).toEqual(['CH3'])
    expect(router.view.pendingOffersOf(ada.sid)).toEqual([])
    router.completeTask(first.sid)
    expect(router.view.tasksOfWorker(ada.sid).map((task) => task.chatSid)).toEqual(['CH2'])
    expect(router.view.tasksOfWorker('WKnobody')).toEqual([])
  })

  it("lists a worker's queues by skill and each queue's waiting tasks in order", () => {
    const { router, agent } = routerHarness()
    const ada = router.addWorker({ name: 'Ada', skills: ['billing'] })
    const billing = router.queueFor('billing')
    expect(router.view.queuesForWorker(ada.sid).map((queue) => queue.name)).toEqual(['Billing', 'Everyone'])
    expect(router.view.servesQueue(ada.sid, billing.sid)).toBe(true)
    expect(router.view.servesQueue(ada.sid, router.queueFor('technical').sid)).toBe(false)
    const low = router.createTask({ chatSid: 'CH1', topic: 'billing' })
    const high = router.createTask({ chatSid: 'CH2', topic: 'billing', priority: 5 })
    expect(router.view.waitingTasks(billing.sid).map((task) => task.sid)).toEqual([high.sid, low.sid])
    agent('Bob', ['billing'])
    // Bob took the first in line (reserved still waits); the view reads the live state, no copy.
    expect(router.view.waitingTasks(billing.sid).map((task) => task.status)).toEqual(['reserved', 'pending'])
  })

  it('hands out the live records: they change with the router', () => {
    const { router, agent } = routerHarness()
    const task = router.createTask({ chatSid: 'CH1' })
    const live = router.view.task(task.sid)!
    expect(live.status).toBe('pending')
    agent('Ada')
    expect(live.status).toBe('reserved')
    expect(task.status).toBe('pending')
  })
})
