import { describe, expect, it, vi } from 'vitest'
import type { RoutingPass } from './dispatch.js'
import { routerHarness } from './testing.js'

describe('routing pass', () => {
  it('reads only the tasks still waiting or being transferred, however many finished ones are kept', () => {
    const passes: RoutingPass[] = []
    const { router, agent, offerFor } = routerHarness({ onRoutingPass: (pass) => passes.push(pass) })
    const ada = agent('Ada', [], 1)
    for (let i = 0; i < 1000; i++) {
      const task = router.createTask({ chatSid: `CH-done-${i}` })
      router.acceptReservation(offerFor(ada.sid)!.sid)
      router.completeTask(task.sid)
    }
    for (let i = 0; i < 100; i++) router.cancelTask(router.createTask({ chatSid: `CH-canceled-${i}` }).sid)
    const held = router.createTask({ chatSid: 'CH-held' })
    router.acceptReservation(offerFor(ada.sid)!.sid)
    router.createTask({ chatSid: 'CH-waiting' })
    // 1,100 finished tasks (kept for an hour) and one assigned: the pass looks at the one waiting task.
    expect(router.tasks()).toHaveLength(1102)
    expect(passes.at(-1)).toEqual({ tasksExamined: 1, offers: 0 })
    const bob = agent('Bob')
    expect(passes.at(-1)).toEqual({ tasksExamined: 1, offers: 1 })
    router.setWorkerActivity(bob.sid, 'Offline')
    router.transferTask(held.sid, { toQueue: 'Everyone' })
    // Now the waiting task and the one being transferred.
    expect(passes.at(-1)).toEqual({ tasksExamined: 2, offers: 0 })
  })

  it('ranks the workers once per pass: each is judged against a queue once, not once per waiting task', () => {
    const { router, agent } = routerHarness()
    for (let i = 0; i < 50; i++) router.createTask({ chatSid: `CH${i}`, topic: 'billing' })
    for (const name of ['Ada', 'Bob', 'Cy', 'Dee']) agent(name, ['technical'])
    const isEligible = vi.spyOn(router.workflow, 'isEligible')
    router.createTask({ chatSid: 'CH-next', topic: 'billing' })
    // Four Available workers, one queue with work: four judgements for 51 waiting tasks.
    expect(isEligible).toHaveBeenCalledTimes(4)
    expect(router.queueStatistics('billing').waitingTasks.every((task) => task.status === 'pending')).toBe(true)
  })

  it('makes every offer it can in one pass, in queue order, each to the longest idle eligible worker with room', () => {
    const passes: RoutingPass[] = []
    const { router, clock, agent, offerFor, events } = routerHarness({ onRoutingPass: (pass) => passes.push(pass) })
    const zed = agent('Zed', ['billing'], 3)
    const billing = router.createTask({ chatSid: 'CH1', topic: 'billing' })
    clock.advance(1)
    const urgent = router.createTask({ chatSid: 'CH2', priority: 1 })
    clock.advance(1)
    const later = router.createTask({ chatSid: 'CH3' })
    expect(router.worker(zed.sid)?.reservationSids).toHaveLength(3)
    const bob = agent('Bob', [], 1)
    clock.advance(1)
    const ada = agent('Ada', ['billing'], 1)
    const before = events('reservation.created').length
    // Zed's three offers come back at once: urgent to Bob (idle longest), billing to Ada (the only one with
    // the skill left), and no one has room for the third.
    router.setWorkerActivity(zed.sid, 'Offline')
    expect(passes.at(-1)).toEqual({ tasksExamined: 3, offers: 2 })
    expect(
      events('reservation.created')
        .slice(before)
        .map(({ task, worker }) => [task.sid, worker.sid]),
    ).toEqual([
      [urgent.sid, bob.sid],
      [billing.sid, ada.sid],
    ])
    expect(offerFor(bob.sid)?.taskSid).toBe(urgent.sid)
    expect(router.task(later.sid)?.status).toBe('pending')
  })
})
