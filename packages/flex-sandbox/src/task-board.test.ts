import { describe, expect, it } from 'vitest'
import { routerHarness } from './testing.js'

describe('TaskBoard queue lines', () => {
  it('keeps each queue in order, ties by creation, and puts a requeued task back at its place by age', () => {
    // The clock never moves: every task is created in the same millisecond.
    const { router, agent, offerFor } = routerHarness()
    const everyone = router.queueFor(undefined).sid
    const line = () => router.view.waitingTasks(everyone).map((task) => task.sid)
    const first = router.createTask({ chatSid: 'CH1' })
    const second = router.createTask({ chatSid: 'CH2' })
    const third = router.createTask({ chatSid: 'CH3' })
    const urgent = router.createTask({ chatSid: 'CH4', priority: 2 })
    router.createTask({ chatSid: 'CH5', topic: 'billing' })
    expect(line()).toEqual([urgent.sid, first.sid, second.sid, third.sid])
    const ada = agent('Ada', [], 1)
    router.acceptReservation(offerFor(ada.sid)!.sid)
    router.completeTask(urgent.sid)
    router.acceptReservation(offerFor(ada.sid)!.sid)
    expect(line()).toEqual([second.sid, third.sid])
    router.leaveTask(ada.sid, first.sid)
    // Back in front of the later tasks of the same millisecond; Ada, who left it, is offered the next one.
    expect(line()).toEqual([first.sid, second.sid, third.sid])
    expect(router.positionInQueue(first.sid)).toBe(1)
    expect(offerFor(ada.sid)?.taskSid).toBe(second.sid)
    router.cancelTask(third.sid)
    expect(line()).toEqual([first.sid, second.sid])
    expect(router.queueStatistics('billing').waitingTasks).toHaveLength(1)
  })
})
