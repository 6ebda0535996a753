import { describe, expect, it } from 'vitest'
import { routerHarness } from './testing.js'

/** Ada holds a chat; Bob (billing) and Cy (billing) are signed in as the test needs. */
function withAssignedChat(options: Parameters<typeof routerHarness>[0] = {}) {
  const harness = routerHarness(options)
  const ada = harness.agent('Ada', ['billing'])
  const task = harness.router.createTask({ chatSid: 'CH1' })
  harness.router.acceptReservation(harness.offerFor(ada.sid)!.sid)
  harness.clock.advance(1000)
  return { ...harness, ada, task }
}

describe('transfer to a named worker', () => {
  it('keeps the chat with the first agent until the target accepts, then hands it over', () => {
    const { router, ada, task, agent, offerFor, events } = withAssignedChat()
    const bob = agent('Bob')
    const transfer = router.transferTask(task.sid, { toWorker: bob.sid }, ada.sid)
    expect(transfer).toMatchObject({ status: 'initiated', fromWorkerSid: ada.sid, toWorkerSid: bob.sid })
    expect(transfer.sid).toMatch(/^TT[0-9a-f]{32}$/)
    expect(router.task(task.sid)).toMatchObject({ status: 'assigned', workerSid: ada.sid, transfer: { sid: transfer.sid } })
    expect(events('task.transfer.initiated')).toHaveLength(1)
    router.acceptReservation(offerFor(bob.sid)!.sid)
    expect(router.task(task.sid)).toMatchObject({ status: 'assigned', workerSid: bob.sid, transfer: undefined })
    expect(router.worker(ada.sid)?.taskSids).toEqual([])
    expect(router.worker(bob.sid)?.taskSids).toEqual([task.sid])
    expect(events('task.worker.left')).toMatchObject([{ worker: { sid: ada.sid }, reason: 'transferred' }])
    expect(events('task.assigned').at(-1)).toMatchObject({ via: 'transfer', previousWorkerSid: ada.sid, worker: { name: 'Bob' } })
    expect(events('task.transfer.completed')[0]?.transfer.status).toBe('completed')
  })

  it('accepts the target by name, ignoring the queue skill', () => {
    const { router, task, agent } = withAssignedChat()
    const bob = agent('Bob', ['technical'])
    expect(router.transferTask(task.sid, { toWorker: 'bob' }).toWorkerSid).toBe(bob.sid)
  })

  it.each(['reject', 'timeout'] as const)('fails on %s and leaves the chat with the first agent', (answer) => {
    const { router, clock, ada, task, agent, offerFor, events } = withAssignedChat()
    const bob = agent('Bob')
    router.transferTask(task.sid, { toWorker: bob.sid })
    if (answer === 'reject') router.rejectReservation(offerFor(bob.sid)!.sid)
    else clock.advance(30_000)
    expect(events('task.transfer.failed')).toMatchObject([
      { reason: answer === 'reject' ? 'rejected' : 'timeout', transfer: { status: 'failed' } },
    ])
    expect(router.task(task.sid)).toMatchObject({ workerSid: ada.sid, status: 'assigned', transfer: undefined })
    expect(offerFor(bob.sid)).toBeUndefined()
  })

  it('refuses a target who cannot take the chat, the holder itself, or a second transfer at once', () => {
    const { router, ada, task, agent } = withAssignedChat()
    const busy = router.addWorker({ name: 'Busy' })
    expect(() => router.transferTask(task.sid, { toWorker: busy.sid })).toThrow(
      `Failed to transfer task ${task.sid}: Busy is Offline. Please choose an Available agent with a free chat slot, or transfer to a queue.`,
    )
    expect(() => router.transferTask(task.sid, { toWorker: ada.sid })).toThrow(/Ada already holds it/)
    const bob = agent('Bob')
    expect(() => router.transferTask(task.sid, { toWorker: bob.sid }, bob.sid)).toThrow(/held by Ada .* not WK/)
    router.transferTask(task.sid, { toWorker: bob.sid })
    expect(() => router.transferTask(task.sid, { toQueue: 'Everyone' })).toThrow(/is still waiting for an answer/)
  })

  it('refuses to transfer a task that is not assigned', () => {
    const { router } = routerHarness()
    const task = router.createTask({ chatSid: 'CH1' })
    expect(() => router.transferTask(task.sid, { toQueue: 'Billing' })).toThrow(/it is pending; only an assigned task can be transferred/)
  })
})

describe('transfer to a queue', () => {
  it('routes to an eligible worker of that queue other than the first agent, then moves the task there', () => {
    const { router, clock, ada, task, agent, offerFor } = withAssignedChat()
    agent('Tess', ['technical'])
    clock.advance(1)
    const bob = agent('Bob', ['billing'])
    const billing = router.queueFor('billing')
    router.transferTask(task.sid, { toQueue: 'Billing' })
    expect(offerFor(ada.sid)).toBeUndefined()
    expect(offerFor(bob.sid)?.purpose).toBe('transfer')
    router.acceptReservation(offerFor(bob.sid)!.sid)
    expect(router.task(task.sid)).toMatchObject({ workerSid: bob.sid, queueSid: billing.sid })
  })

  it('never offers the transfer to the agent handing over, even with a free slot and the longest idle time', () => {
    const { router, clock, agent, offerFor } = routerHarness()
    const ada = agent('Ada', ['billing'], 2)
    const task = router.createTask({ chatSid: 'CH1' })
    // Accepted at once, so Ada's idle time still predates Bob's sign-in.
    router.acceptReservation(offerFor(ada.sid)!.sid)
    clock.advance(1000)
    const bob = agent('Bob', ['billing'])
    router.transferTask(task.sid, { toQueue: 'Billing' })
    expect(offerFor(ada.sid)).toBeUndefined()
    expect(offerFor(bob.sid)?.taskSid).toBe(task.sid)
  })

  it('waits with the first agent until someone in the queue is Available, and tries the next on reject', () => {
    const { router, clock, ada, task, agent, offerFor } = withAssignedChat()
    router.transferTask(task.sid, { toQueue: router.queueFor('billing').sid })
    expect(router.task(task.sid)).toMatchObject({ workerSid: ada.sid, transfer: { status: 'initiated' } })
    const bob = agent('Bob', ['billing'])
    clock.advance(1)
    const cy = agent('Cy', ['billing'])
    router.rejectReservation(offerFor(bob.sid)!.sid)
    expect(offerFor(cy.sid)?.taskSid).toBe(task.sid)
    clock.advance(30_000)
    expect(offerFor(bob.sid)).toBeUndefined()
    expect(router.task(task.sid)?.transfer?.status).toBe('initiated')
  })

  it('can be canceled, withdrawing the open offer', () => {
    const { router, ada, task, agent, offerFor, events } = withAssignedChat()
    const bob = agent('Bob', ['billing'])
    router.transferTask(task.sid, { toQueue: 'Billing' })
    const offer = offerFor(bob.sid)!
    expect(router.cancelTransfer(task.sid)).toMatchObject({ workerSid: ada.sid, transfer: undefined })
    expect(router.reservation(offer.sid)?.status).toBe('rescinded')
    expect(events('task.transfer.canceled')[0]?.transfer.status).toBe('canceled')
    expect(() => router.cancelTransfer(task.sid)).toThrow(/no transfer is in progress/)
  })

  it('is canceled when the first agent ends the chat', () => {
    const { router, task, agent, offerFor } = withAssignedChat()
    const bob = agent('Bob', ['billing'])
    router.transferTask(task.sid, { toQueue: 'Billing' })
    const offer = offerFor(bob.sid)!
    router.wrapUpTask(task.sid)
    expect(router.reservation(offer.sid)?.status).toBe('rescinded')
    expect(router.task(task.sid)?.status).toBe('wrapping')
  })

  it('sends the visitor on to the target queue when the first agent leaves mid-transfer', () => {
    const { router, ada, task, agent, offerFor } = withAssignedChat()
    router.transferTask(task.sid, { toQueue: 'Billing' })
    router.leaveTask(ada.sid, task.sid)
    expect(router.task(task.sid)).toMatchObject({ status: 'pending', queueSid: router.queueFor('billing').sid })
    const bob = agent('Bob', ['billing'])
    expect(offerFor(bob.sid)?.purpose).toBe('routing')
  })
})
