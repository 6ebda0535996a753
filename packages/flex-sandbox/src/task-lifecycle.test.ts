import { describe, expect, it } from 'vitest'
import { routerHarness } from './testing.js'

function assigned(options: Parameters<typeof routerHarness>[0] = {}) {
  const harness = routerHarness(options)
  const ada = harness.agent('Ada')
  const task = harness.router.createTask({ chatSid: 'CH1' })
  harness.router.acceptReservation(harness.offerFor(ada.sid)!.sid)
  return { ...harness, ada, task }
}

describe('agent leaves', () => {
  it('puts the task back to pending and offers it to another agent first', () => {
    const { router, clock, ada, task, agent, offerFor, events } = assigned()
    clock.advance(1000)
    const left = router.leaveTask(ada.sid, task.sid)
    expect(left).toMatchObject({ status: 'pending', workerSid: undefined, enqueuedAt: clock.now() })
    expect(events('task.worker.left')).toMatchObject([{ worker: { sid: ada.sid }, reason: 'left' }])
    expect(offerFor(ada.sid)).toBeUndefined()
    const bob = agent('Bob')
    expect(offerFor(bob.sid)?.taskSid).toBe(task.sid)
  })

  it('completes the task instead when the chat is already closed', () => {
    const closed = new Set(['CH1'])
    const { router, ada, task } = assigned({ isChatActive: (sid) => !closed.has(sid) })
    expect(router.leaveTask(ada.sid, task.sid).status).toBe('completed')
    expect(router.worker(ada.sid)?.taskSids).toEqual([])
  })

  it('refuses a worker who does not hold the task', () => {
    const { router, task, agent } = assigned()
    const bob = agent('Bob')
    expect(() => router.leaveTask(bob.sid, task.sid)).toThrow(
      `Failed to leave task ${task.sid}: Bob does not hold it (it is assigned). Please refresh the chat list.`,
    )
  })
})

describe('wrap-up and completion', () => {
  it('keeps the capacity during wrap-up and frees it on completion', () => {
    const { router, ada, task, offerFor, events } = assigned()
    const waiting = router.createTask({ chatSid: 'CH2' })
    expect(router.wrapUpTask(task.sid, ada.sid).status).toBe('wrapping')
    expect(events('task.wrapup')).toMatchObject([{ reason: 'agent-ended', worker: { sid: ada.sid } }])
    expect(offerFor(ada.sid)).toBeUndefined()
    expect(router.completeTask(task.sid).status).toBe('completed')
    expect(events('task.completed')).toHaveLength(1)
    expect(offerFor(ada.sid)?.taskSid).toBe(waiting.sid)
    expect(router.completeTask(task.sid).status).toBe('completed')
    expect(events('task.completed')).toHaveLength(1)
  })

  it('refuses to wrap up a waiting task or one held by someone else', () => {
    const { router, task, agent } = assigned()
    const bob = agent('Bob')
    expect(() => router.wrapUpTask(task.sid, bob.sid)).toThrow(/held by Ada, not WK/)
    const waiting = router.createTask({ chatSid: 'CH2' })
    router.setWorkerActivity(bob.sid, 'Offline')
    expect(() => router.wrapUpTask(waiting.sid)).toThrow(/it is pending; only an assigned task can be wrapped up/)
    expect(() => router.completeTask(waiting.sid)).toThrow(/only an assigned or wrapping task can be completed/)
  })

  it('forgets finished tasks after the retention time', () => {
    const { router, clock, task } = assigned({ finishedTaskRetentionSeconds: 60 })
    router.completeTask(task.sid)
    clock.advance(59_999)
    expect(router.task(task.sid)).toBeDefined()
    clock.advance(1)
    expect(router.task(task.sid)).toBeUndefined()
  })
})

describe('visitor ends', () => {
  it('cancels a task still waiting and withdraws its offer', () => {
    const { router, agent, offerFor, events } = routerHarness()
    const ada = agent('Ada')
    const task = router.createTask({ chatSid: 'CH1' })
    const offer = offerFor(ada.sid)!
    expect(router.cancelTask(task.sid).status).toBe('canceled')
    expect(router.reservation(offer.sid)?.status).toBe('rescinded')
    expect(router.worker(ada.sid)?.reservationSids).toEqual([])
    expect(events('task.canceled')).toMatchObject([{ reason: 'the visitor ended the chat' }])
    expect(events('task.updated').map((event) => event.reason)).toEqual(['reserved'])
    expect(router.openTaskForChat('CH1')).toBeUndefined()
    expect(router.createTask({ chatSid: 'CH1' }).status).toBe('reserved')
  })

  it('cancels a pending task nobody was offered', () => {
    const { router } = routerHarness()
    const task = router.createTask({ chatSid: 'CH1' })
    expect(router.cancelTask(task.sid, 'visitor closed the tab').status).toBe('canceled')
    expect(router.positionInQueue(task.sid)).toBeUndefined()
  })

  it('sends an assigned task to wrap-up for its agent', () => {
    const { router, ada, task, events } = assigned()
    expect(router.cancelTask(task.sid).status).toBe('wrapping')
    expect(events('task.wrapup')).toMatchObject([{ reason: 'visitor-ended', worker: { sid: ada.sid } }])
    expect(router.worker(ada.sid)?.taskSids).toEqual([task.sid])
  })

  it('refuses a second open task for the same chat', () => {
    const { router, task } = assigned()
    expect(() => router.createTask({ chatSid: 'CH1' })).toThrow(
      `Failed to create a task for chat CH1: task ${task.sid} (assigned) is still open for it. Please cancel or complete that task first.`,
    )
  })
})

describe('workers', () => {
  it('refuses an unknown activity, a duplicate name and a capacity below 1', () => {
    const { router, agent } = routerHarness()
    const ada = agent('Ada')
    expect(() => router.setWorkerActivity(ada.sid, 'Busy' as 'Offline')).toThrow(
      /"Busy" is not an activity. Please use one of Offline, Available, Unavailable/,
    )
    expect(() => router.addWorker({ name: ' ada ' })).toThrow(/a worker with that name exists/)
    expect(() => router.addWorker({ name: 'Zed', chatCapacity: 0 })).toThrow(/chatCapacity 0 is not a whole number of at least 1/)
    expect(router.workerByName('ADA')?.sid).toBe(ada.sid)
    expect(ada.sid).toMatch(/^WK[0-9a-f]{32}$/)
  })
})
