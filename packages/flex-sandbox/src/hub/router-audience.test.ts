import { describe, expect, it } from 'vitest'
import { routerHarness } from '../testing.js'
import { audienceOf } from './router-audience.js'

/** A router with a billing agent, a technical agent and an agent of no skill (Everyone only). */
function setup() {
  const harness = routerHarness()
  const bill = harness.agent('Bill', ['billing'], 2)
  const tess = harness.agent('Tess', ['technical'], 2)
  const eve = harness.agent('Eve', [], 2)
  harness.log.length = 0
  const audience = () =>
    harness.log.map((event) => {
      const who = audienceOf(harness.router.view, event)
      return [event.type, who === 'all' ? 'all' : [...who].map((sid) => harness.router.worker(sid)!.name).sort()]
    })
  return { ...harness, bill, tess, eve, audience }
}

describe('audienceOf', () => {
  it('sends worker events to everyone (the agent list shows every activity)', () => {
    const { router, tess, audience } = setup()
    router.setWorkerActivity(tess.sid, 'Unavailable')
    router.addWorker({ name: 'Zed' })
    expect(audience()).toEqual([
      ['worker.activity.update', 'all'],
      ['worker.created', 'all'],
    ])
  })

  it('sends a billing task to the billing queue’s agents and the offered worker, not to the technical agent', () => {
    const { router, offerFor, bill, audience } = setup()
    router.createTask({ chatSid: 'CH1', topic: 'billing' })
    router.acceptReservation(offerFor(bill.sid)!.sid)
    const names = new Set(audience().flatMap(([, who]) => (who === 'all' ? ['all'] : who)))
    expect([...names].sort()).toEqual(['Bill'])
  })

  it('sends an Everyone task to every agent serving Everyone', () => {
    const { router, audience } = setup()
    router.createTask({ chatSid: 'CH1' })
    expect(audience()[0]).toEqual(['task.created', ['Bill', 'Eve', 'Tess']])
  })

  it('names both ends of a transfer to a worker', () => {
    const { router, offerFor, bill, audience, log } = setup()
    const task = router.createTask({ chatSid: 'CH1', topic: 'billing' })
    router.acceptReservation(offerFor(bill.sid)!.sid)
    const tess = router.workerByName('Tess')!
    log.length = 0
    router.transferTask(task.sid, { toWorker: tess.sid })
    router.acceptReservation(offerFor(tess.sid)!.sid)
    for (const [, who] of audience()) expect(who).toEqual(expect.arrayContaining(['Bill', 'Tess']))
    expect(audience().find(([event]) => event === 'task.worker.left')?.[1]).toEqual(['Bill', 'Tess'])
  })
})
