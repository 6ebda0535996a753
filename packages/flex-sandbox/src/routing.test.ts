import { describe, expect, it } from 'vitest'
import type { Task, Worker } from './model.js'
import type { RoutingPass } from './routing.js'
import { routerHarness } from './testing.js'

/** Ada and Bob are Available (Ada longer), and a new task is offered to Ada. */
function offeredToAdaBeforeBob(options: Parameters<typeof routerHarness>[0] = {}) {
  const harness = routerHarness(options)
  const ada = harness.agent('Ada')
  harness.clock.advance(1)
  const bob = harness.agent('Bob')
  const task = harness.router.createTask({ chatSid: 'CH1' })
  return { ...harness, ada, bob, task }
}

describe('SandboxRouter offers', () => {
  it('offers a new task to the longest-idle Available worker', () => {
    const { router, clock, agent, offerFor } = routerHarness()
    const ada = agent('Ada')
    clock.advance(1000)
    const bob = agent('Bob')
    const first = router.createTask({ chatSid: 'CH1' })
    expect(offerFor(ada.sid)?.taskSid).toBe(first.sid)
    router.acceptReservation(offerFor(ada.sid)!.sid)
    clock.advance(1000)
    // Ada finished a chat after Bob became Available: Bob has now been idle longer.
    router.completeTask(first.sid)
    const second = router.createTask({ chatSid: 'CH2' })
    expect(offerFor(bob.sid)?.taskSid).toBe(second.sid)
    expect(offerFor(ada.sid)).toBeUndefined()
  })

  it('orders by the time a worker last became Available, not by sign-in order', () => {
    const { router, clock, agent, offerFor } = routerHarness()
    const ada = agent('Ada')
    const bob = agent('Bob')
    router.setWorkerActivity(ada.sid, 'Unavailable')
    clock.advance(5000)
    router.setWorkerActivity(ada.sid, 'Available')
    router.createTask({ chatSid: 'CH1' })
    expect(offerFor(bob.sid)).toBeDefined()
    expect(offerFor(ada.sid)).toBeUndefined()
  })

  it('creates the task reserved, with a reservation that expires after the timeout', () => {
    const { router, clock, agent, events } = routerHarness()
    const ada = agent('Ada')
    const task = router.createTask({ chatSid: 'CH1', topic: 'weather', attributes: { name: 'Visitor' } })
    expect(task.status).toBe('reserved')
    expect(task.sid).toMatch(/^WT[0-9a-f]{32}$/)
    const [created] = events('reservation.created')
    expect(created?.worker.sid).toBe(ada.sid)
    expect(created?.reservation.sid).toMatch(/^WR[0-9a-f]{32}$/)
    expect(created?.reservation.expiresAt).toBe(clock.now() + 30_000)
    expect(created?.task.attributes).toEqual({ name: 'Visitor' })
  })

  it('offers only to workers with the queue skill; other topics fall back to Everyone', () => {
    const { router, agent, offerFor } = routerHarness()
    const tech = agent('Tess', ['technical'])
    const billing = agent('Bill', ['Billing'])
    const billingTask = router.createTask({ chatSid: 'CH1', topic: 'BILLING' })
    expect(billingTask.queueSid).toBe(router.queueFor('billing').sid)
    expect(offerFor(billing.sid)?.taskSid).toBe(billingTask.sid)
    expect(offerFor(tech.sid)).toBeUndefined()
    const other = router.createTask({ chatSid: 'CH2', topic: 'opening hours' })
    expect(router.queues().find((queue) => queue.sid === other.queueSid)?.name).toBe('Everyone')
    expect(offerFor(tech.sid)?.taskSid).toBe(other.sid)
  })

  it('keeps a task pending while no eligible worker is Available, and offers it when one becomes Available', () => {
    const { router, agent, offerFor } = routerHarness()
    agent('Tess', ['technical'])
    const bill = router.addWorker({ name: 'Bill', skills: ['billing'] })
    const task = router.createTask({ chatSid: 'CH1', topic: 'billing' })
    expect(router.task(task.sid)?.status).toBe('pending')
    router.setWorkerActivity(bill.sid, 'Available')
    expect(offerFor(bill.sid)?.taskSid).toBe(task.sid)
    expect(router.task(task.sid)?.status).toBe('reserved')
  })

  it('counts held tasks and open offers against chat capacity', () => {
    const { router, agent, offerFor } = routerHarness()
    const ada = agent('Ada', [], 1)
    const first = router.createTask({ chatSid: 'CH1' })
    const second = router.createTask({ chatSid: 'CH2' })
    // The open offer for the first task fills Ada's single slot.
    expect(router.task(second.sid)?.status).toBe('pending')
    router.acceptReservation(offerFor(ada.sid)!.sid)
    expect(router.task(second.sid)?.status).toBe('pending')
    router.wrapUpTask(first.sid)
    expect(router.task(second.sid)?.status).toBe('pending')
    router.completeTask(first.sid)
    expect(offerFor(ada.sid)?.taskSid).toBe(second.sid)
  })

  it('lets a worker with capacity 2 hold two chats at once', () => {
    const { router, agent, offerFor } = routerHarness()
    const ada = agent('Ada', [], 2)
    router.createTask({ chatSid: 'CH1' })
    router.createTask({ chatSid: 'CH2' })
    expect(router.worker(ada.sid)?.reservationSids).toHaveLength(2)
    router.acceptReservation(offerFor(ada.sid)!.sid)
    router.acceptReservation(offerFor(ada.sid)!.sid)
    expect(router.worker(ada.sid)?.taskSids).toHaveLength(2)
    expect(router.createTask({ chatSid: 'CH3' }).status).toBe('pending')
  })

  it('offers waiting tasks in queue order (priority, then age) when a worker frees up', () => {
    const { router, clock, offerFor } = routerHarness()
    const old = router.createTask({ chatSid: 'CH1' })
    clock.advance(1000)
    router.createTask({ chatSid: 'CH2' })
    clock.advance(1000)
    const urgent = router.createTask({ chatSid: 'CH3', priority: 5 })
    const ada = router.addWorker({ name: 'Ada', chatCapacity: 1 })
    router.setWorkerActivity(ada.sid, 'Available')
    expect(offerFor(ada.sid)?.taskSid).toBe(urgent.sid)
    router.acceptReservation(offerFor(ada.sid)!.sid)
    router.completeTask(urgent.sid)
    expect(offerFor(ada.sid)?.taskSid).toBe(old.sid)
  })
})

describe('SandboxRouter answers', () => {
  it('assigns the task on accept and announces the agent joining', () => {
    const { router, agent, offerFor, events } = routerHarness()
    const ada = agent('Ada')
    const task = router.createTask({ chatSid: 'CH1' })
    const assigned = router.acceptReservation(offerFor(ada.sid)!.sid, ada.sid)
    expect(assigned).toMatchObject({ status: 'assigned', workerSid: ada.sid })
    expect(router.worker(ada.sid)).toMatchObject({ taskSids: [task.sid], reservationSids: [] })
    expect(events('task.assigned')).toMatchObject([{ task: { sid: task.sid }, worker: { name: 'Ada' }, via: 'reservation' }])
    expect(events('reservation.accepted')[0]?.task.status).toBe('assigned')
  })

  it('refuses to accept an offer made to somebody else, and treats a second accept as the first', () => {
    const { router, agent, offerFor } = routerHarness()
    const ada = agent('Ada')
    const bob = router.addWorker({ name: 'Bob' })
    router.createTask({ chatSid: 'CH1' })
    const offer = offerFor(ada.sid)!
    expect(() => router.acceptReservation(offer.sid, bob.sid)).toThrow(/offered to worker WK.*not WK.*accept only your own/)
    const first = router.acceptReservation(offer.sid)
    expect(router.acceptReservation(offer.sid)).toEqual(first)
  })

  it('offers a rejected task to the next worker, and not again to the one who rejected it', () => {
    const { router, offerFor, events, ada, bob, task } = offeredToAdaBeforeBob()
    router.rejectReservation(offerFor(ada.sid)!.sid)
    expect(offerFor(bob.sid)?.taskSid).toBe(task.sid)
    expect(events('reservation.rejected')[0]?.worker.sid).toBe(ada.sid)
    router.rejectReservation(offerFor(bob.sid)!.sid)
    expect(offerFor(ada.sid)).toBeUndefined()
    expect(router.task(task.sid)?.status).toBe('pending')
  })

  it('offers a declined task again once the worker becomes Available anew, or when a new worker comes', () => {
    const { router, agent, offerFor } = routerHarness()
    const ada = agent('Ada')
    const task = router.createTask({ chatSid: 'CH1' })
    router.rejectReservation(offerFor(ada.sid)!.sid)
    expect(router.task(task.sid)?.status).toBe('pending')
    const cy = agent('Cy')
    expect(offerFor(cy.sid)?.taskSid).toBe(task.sid)
    router.rejectReservation(offerFor(cy.sid)!.sid)
    router.setWorkerActivity(ada.sid, 'Unavailable')
    router.setWorkerActivity(ada.sid, 'Available')
    expect(offerFor(ada.sid)?.taskSid).toBe(task.sid)
  })

  it('moves an unanswered offer to the next worker when the reservation times out', () => {
    const { router, clock, offerFor, events, ada, bob, task } = offeredToAdaBeforeBob()
    const offer = offerFor(ada.sid)!
    clock.advance(29_999)
    expect(offerFor(bob.sid)).toBeUndefined()
    clock.advance(1)
    expect(router.reservation(offer.sid)?.status).toBe('timeout')
    expect(events('reservation.timeout')[0]?.worker.sid).toBe(ada.sid)
    expect(offerFor(bob.sid)?.taskSid).toBe(task.sid)
    expect(() => router.acceptReservation(offer.sid)).toThrow(
      `Failed to accept reservation ${offer.sid}: it timed out at ${new Date(offer.expiresAt).toISOString()}. Please wait for the next offer.`,
    )
  })

  it('uses the configured reservation timeout', () => {
    const { router, clock, agent, offerFor } = routerHarness({ reservationTimeoutSeconds: 5 })
    const ada = agent('Ada')
    router.createTask({ chatSid: 'CH1' })
    const offer = offerFor(ada.sid)!
    clock.advance(5000)
    expect(router.reservation(offer.sid)?.status).toBe('timeout')
    expect(clock.pending()).toBe(0)
  })

  it('withdraws the offers of a worker who leaves Available and offers them to the next worker', () => {
    const { router, offerFor, events, ada, bob, task } = offeredToAdaBeforeBob()
    router.setWorkerActivity(ada.sid, 'Offline')
    expect(events('reservation.rescinded')[0]).toMatchObject({ worker: { sid: ada.sid }, reason: 'Ada became Offline' })
    expect(offerFor(bob.sid)?.taskSid).toBe(task.sid)
    expect(events('worker.activity.update').at(-1)).toMatchObject({ previousActivity: 'Available', worker: { activity: 'Offline' } })
  })

  it('lets a listener accept inside reservation.created and still emits events in order', () => {
    const { router, agent, log } = routerHarness()
    const ada = agent('Ada')
    router.on('reservation.created', ({ reservation }) => router.acceptReservation(reservation.sid))
    const task = router.createTask({ chatSid: 'CH1' })
    expect(router.task(task.sid)).toMatchObject({ status: 'assigned', workerSid: ada.sid })
    const names = log.map((entry) => entry.type).filter((event) => event.startsWith('task.') || event.startsWith('reservation.'))
    expect(names).toEqual(['task.created', 'reservation.created', 'task.updated', 'reservation.accepted', 'task.assigned', 'task.updated'])
  })

  it('hands out copies: changing a returned task changes nothing inside', () => {
    const { router } = routerHarness()
    const task = router.createTask({ chatSid: 'CH1', attributes: { topic: 'a' } })
    ;(task.attributes as Record<string, unknown>).topic = 'changed'
    expect(router.task(task.sid)?.attributes).toEqual({ topic: 'a' })
  })
})

describe('SandboxRouter cherry-pick', () => {
  it('lets an eligible worker with capacity pick a waiting task, withdrawing the offer made to another', () => {
    const { router, offerFor, events, ada, bob, task } = offeredToAdaBeforeBob()
    const offer = offerFor(ada.sid)!
    const picked = router.pickTask(bob.sid, task.sid)
    expect(picked).toMatchObject({ status: 'assigned', workerSid: bob.sid })
    expect(router.reservation(offer.sid)?.status).toBe('rescinded')
    expect(router.worker(ada.sid)?.reservationSids).toEqual([])
    expect(events('task.assigned').at(-1)?.via).toBe('pick')
  })

  it('lets a worker pick a task it declined earlier, and treats picking its own offer as accepting it', () => {
    const { router, agent, offerFor, events } = routerHarness()
    const ada = agent('Ada', [], 2)
    const declined = router.createTask({ chatSid: 'CH1' })
    router.rejectReservation(offerFor(ada.sid)!.sid)
    expect(router.task(declined.sid)?.status).toBe('pending')
    expect(router.pickTask(ada.sid, declined.sid).workerSid).toBe(ada.sid)
    const offered = router.createTask({ chatSid: 'CH2' })
    const offer = offerFor(ada.sid)!
    router.pickTask(ada.sid, offered.sid)
    expect(router.reservation(offer.sid)?.status).toBe('accepted')
    expect(events('task.assigned').map((event) => event.via)).toEqual(['pick', 'reservation'])
  })

  it('refuses a pick by a worker without the skill, without capacity, or of a task no longer waiting', () => {
    const { router, agent, offerFor } = routerHarness()
    const tess = agent('Tess', ['technical'], 1)
    const billing = router.createTask({ chatSid: 'CH1', topic: 'billing' })
    expect(() => router.pickTask(tess.sid, billing.sid)).toThrow(
      `Failed to pick task ${billing.sid}: queue "Billing" needs skill "billing" and Tess has technical. Please pick from a queue you serve.`,
    )
    const mine = router.createTask({ chatSid: 'CH2' })
    router.acceptReservation(offerFor(tess.sid)!.sid)
    const waiting = router.createTask({ chatSid: 'CH3' })
    expect(() => router.pickTask(tess.sid, waiting.sid)).toThrow(/Tess is at capacity \(1 of 1 chats\)/)
    expect(() => router.pickTask(tess.sid, mine.sid)).toThrow(/it is assigned, no longer waiting/)
  })
})

describe('SandboxRouter routing passes', () => {
  it('routes once per operation: a change, an offer timeout, a failed call and a listener calling back each make one pass', () => {
    const passes: RoutingPass[] = []
    const { router, clock, offerFor } = routerHarness({ onRoutingPass: (pass) => passes.push(pass) })
    const passesOf = (operation: () => unknown) => {
      const before = passes.length
      operation()
      return passes.slice(before)
    }
    let ada: Worker | undefined
    expect(passesOf(() => (ada = router.addWorker({ name: 'Ada', chatCapacity: 2 })))).toHaveLength(1)
    const adaSid = ada?.sid ?? ''
    expect(passesOf(() => router.setWorkerActivity(adaSid, 'Available'))).toHaveLength(1)
    let task: Task | undefined
    expect(passesOf(() => (task = router.createTask({ chatSid: 'CH1' })))).toEqual([{ tasksExamined: 1, offers: 1 }])
    // The snapshot returned is taken after that one pass: it shows the offer.
    expect(task?.status).toBe('reserved')
    expect(passesOf(() => router.rejectReservation(offerFor(adaSid)!.sid))).toEqual([{ tasksExamined: 1, offers: 0 }])
    router.createTask({ chatSid: 'CH2' })
    expect(passesOf(() => clock.advance(30_000))).toHaveLength(1)
    expect(passesOf(() => expect(() => router.completeTask('WTnone')).toThrow(/there is no task WTnone/))).toHaveLength(1)
    // The accept inside the listener is an operation of its own: one pass for the create, one for it.
    router.on('reservation.created', ({ reservation }) => router.acceptReservation(reservation.sid))
    expect(passesOf(() => router.createTask({ chatSid: 'CH3' }))).toHaveLength(2)
    expect(router.openTaskForChat('CH3')?.status).toBe('assigned')
  })
})

describe('SandboxRouter offers by language', () => {
  const spanish = { language: 'es' }

  it('offers a chat in a language to the longest-idle agent who speaks it, before agents idle longer', () => {
    const { router, clock, offerFor } = routerHarness()
    const available = (name: string, languages: string[]) =>
      router.setWorkerActivity(router.addWorker({ name, languages }).sid, 'Available')
    const ada = available('Ada', ['en'])
    clock.advance(1000)
    const bea = available('Bea', ['en', 'es-ES'])
    clock.advance(1000)
    const carl = available('Carl', ['es'])
    expect(router.worker(bea.sid)?.languages).toEqual(['en', 'es'])
    const task = router.createTask({ chatSid: 'CH1', attributes: spanish })
    expect(offerFor(bea.sid)?.taskSid).toBe(task.sid)
    expect(offerFor(ada.sid)).toBeUndefined()
    // Bea declines: the next Spanish speaker, still ahead of Ada.
    router.rejectReservation(offerFor(bea.sid)!.sid)
    expect(offerFor(carl.sid)?.taskSid).toBe(task.sid)
    // Without a language, or without anyone who speaks it, longest idle as ever.
    const english = router.createTask({ chatSid: 'CH2', attributes: { language: 'fr' } })
    expect(offerFor(ada.sid)?.taskSid).toBe(english.sid)
  })

  it('still offers the chat to someone when nobody speaks its language', () => {
    const { router, agent, offerFor } = routerHarness()
    const ada = agent('Ada')
    const task = router.createTask({ chatSid: 'CH1', attributes: spanish })
    expect(offerFor(ada.sid)?.taskSid).toBe(task.sid)
  })
})
