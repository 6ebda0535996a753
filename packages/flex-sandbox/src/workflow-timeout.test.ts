import { describe, expect, it } from 'vitest'
import { routerHarness } from './testing.js'
import { WORKFLOW_TIMEOUT_REASON } from './workflow-timeout.js'

const TIMEOUT_S = 600

describe('SandboxRouter workflow timeout', () => {
  it('cancels a task nobody accepted once the timeout passes: workflow.timeout, then task.canceled', () => {
    const { router, clock, events } = routerHarness({ workflowTimeoutSeconds: TIMEOUT_S })
    const task = router.createTask({ chatSid: 'CH1' })
    clock.advance(TIMEOUT_S * 1000 - 1)
    expect(router.task(task.sid)?.status).toBe('pending')
    clock.advance(1)
    expect(router.task(task.sid)?.status).toBe('canceled')
    expect(events('workflow.timeout').map((e) => e.task.sid)).toEqual([task.sid])
    expect(events('task.canceled')).toEqual([
      expect.objectContaining({
        reason: WORKFLOW_TIMEOUT_REASON,
        cause: 'workflow-timeout',
        task: expect.objectContaining({ sid: task.sid }),
      }),
    ])
  })

  it('withdraws the offer of a task that was offered but never answered', () => {
    // Ada has longer to answer than the workflow lets the task wait.
    const { router, clock, agent, offerFor, events } = routerHarness({ workflowTimeoutSeconds: 60, reservationTimeoutSeconds: 120 })
    const ada = agent('Ada')
    const task = router.createTask({ chatSid: 'CH1' })
    expect(offerFor(ada.sid)?.taskSid).toBe(task.sid)
    clock.advance(60_000)
    expect(router.task(task.sid)?.status).toBe('canceled')
    expect(offerFor(ada.sid)).toBeUndefined()
    expect(events('reservation.rescinded')).toHaveLength(1)
  })

  it('never cancels a task an agent accepted, and forgets tasks that ended', () => {
    const { router, clock, agent, offerFor, events } = routerHarness({ workflowTimeoutSeconds: TIMEOUT_S })
    const ada = agent('Ada')
    const accepted = router.createTask({ chatSid: 'CH1' })
    router.acceptReservation(offerFor(ada.sid)!.sid)
    const ended = router.createTask({ chatSid: 'CH2' })
    router.cancelTask(ended.sid)
    clock.advance(TIMEOUT_S * 2000)
    expect(router.task(accepted.sid)?.status).toBe('assigned')
    expect(events('workflow.timeout')).toEqual([])
    expect(events('task.canceled').map((e) => e.cause)).toEqual(['ended'])
  })

  it('starts over when a task re-enters the workflow (its agent left it)', () => {
    const { router, clock, agent, offerFor } = routerHarness({ workflowTimeoutSeconds: TIMEOUT_S, reservationTimeoutSeconds: TIMEOUT_S })
    const ada = agent('Ada')
    const task = router.createTask({ chatSid: 'CH1' })
    clock.advance(TIMEOUT_S * 1000 - 10)
    router.acceptReservation(offerFor(ada.sid)!.sid)
    router.leaveTask(ada.sid, task.sid)
    clock.advance(TIMEOUT_S * 1000 - 1)
    expect(router.task(task.sid)?.status).not.toBe('canceled')
    clock.advance(1)
    expect(router.task(task.sid)?.status).toBe('canceled')
  })

  it('waits for ever without the option, as a workflow without a timeout', () => {
    const { router, clock } = routerHarness()
    const task = router.createTask({ chatSid: 'CH1' })
    clock.advance(7 * 24 * 3600 * 1000)
    expect(router.task(task.sid)?.status).toBe('pending')
  })

  it('refuses a timeout that is not a positive number of seconds', () => {
    expect(() => routerHarness({ workflowTimeoutSeconds: 0 })).toThrow(/workflowTimeoutSeconds is 0/)
  })
})
