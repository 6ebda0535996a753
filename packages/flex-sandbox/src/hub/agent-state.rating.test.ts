import { afterEach, describe, expect, it } from 'vitest'
import { FlexSandbox } from '../flex-sandbox.js'
import { createManualClock } from '../manual-clock.js'
import { buildAgentState } from './agent-state.js'

let sandbox: FlexSandbox
afterEach(() => sandbox.close())

/** A chat an agent accepted and then ended: its task is in wrap-up, as when the visitor is asked to rate. */
function wrappingChat() {
  sandbox = new FlexSandbox({
    sessionSecret: 'test-session-secret-0123456789abcdef',
    accessTokenTtlSeconds: 600,
    reservationTimeoutSeconds: 30,
    clock: createManualClock(Date.now()),
  })
  const worker = sandbox.router.addWorker({ name: 'Ada', skills: ['billing'] })
  sandbox.router.setWorkerActivity(worker.sid, 'Available')
  const chat = sandbox.startChat({ identity: 'anon_1', visitorName: 'Grace', topic: 'Billing' })
  sandbox.router.acceptReservation(sandbox.router.worker(worker.sid)!.reservationSids[0]!)
  sandbox.endChat(chat.chatSid)
  sandbox.router.wrapUpTask(chat.taskSid)
  return { chat, worker }
}

describe('the post-chat rating in the sandbox', () => {
  it('is stored on the wrapping task and shown in the agent console state', () => {
    const { chat, worker } = wrappingChat()
    expect(buildAgentState(sandbox, worker.sid, 10).chats[0]).not.toHaveProperty('rating')
    expect(sandbox.rateChat(chat, { rating: 4, comment: 'Quick and kind' })).toBe(true)
    expect(sandbox.router.task(chat.taskSid)).toMatchObject({
      status: 'wrapping',
      attributes: { rating: 4, ratingComment: 'Quick and kind' },
    })
    expect(buildAgentState(sandbox, worker.sid, 10).chats[0]).toMatchObject({ rating: { rating: 4, comment: 'Quick and kind' } })
  })

  it('tells the agent console to refresh (task.updated, reason attributes)', () => {
    const { chat } = wrappingChat()
    const reasons: string[] = []
    sandbox.router.on('task.updated', ({ reason }) => reasons.push(reason))
    sandbox.rateChat(chat, { rating: 2 })
    expect(reasons).toEqual(['attributes'])
  })

  it('stores nothing for a task the sandbox does not know', () => {
    const { chat } = wrappingChat()
    expect(sandbox.rateChat({ chatSid: chat.chatSid, taskSid: `WT${'0'.repeat(32)}` }, { rating: 5 })).toBe(false)
  })
})
