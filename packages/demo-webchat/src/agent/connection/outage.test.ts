import type { AgentChat, AgentState } from '@flex-escalate/api'
import { describe, expect, it } from 'vitest'
import { activityToRestore, OutageWatch, outageNotice, RESTART_ENDED_CHATS } from './outage.js'

const chat = (taskSid: string): AgentChat => ({
  taskSid,
  chatSid: `CH-${taskSid}`,
  status: 'assigned',
  visitor: { identity: 'anon_1', role: 'visitor', displayName: 'Grace' },
  summary: [],
  messages: [],
  ended: false,
})

const state = (
  workerSid: string,
  activity: AgentState['worker']['activity'],
  chats: AgentChat[] = [],
  offers: AgentState['offers'] = [],
): AgentState => ({
  worker: { sid: workerSid, name: 'Ada', activity, skills: [], languages: [], chatCapacity: 2 },
  agents: [],
  queues: [],
  waiting: [],
  offers,
  chats,
})

const offer: AgentState['offers'][number] = {
  reservationSid: 'WR1',
  taskSid: 'WT9',
  purpose: 'routing',
  visitorName: 'Grace',
  expiresAt: '2026-01-01T00:00:30.000Z',
}

describe('outageNotice', () => {
  it('says the sandbox restarted and the open chats ended when the worker SID changed', () => {
    const notice = outageNotice(state('WK1', 'Available', [chat('WT1')]), state('WK2', 'Offline'))
    expect(notice).toBe('The sandbox restarted: the chats that were open have ended.')
    expect(notice).toBe(RESTART_ENDED_CHATS)
  })

  it('says a restart withdrew the offers, or only that it restarted, when no chat was held', () => {
    expect(outageNotice(state('WK1', 'Available', [], [offer]), state('WK2', 'Offline'))).toBe(
      'The sandbox restarted: the chats offered to you were withdrawn.',
    )
    expect(outageNotice(state('WK1', 'Offline'), state('WK2', 'Offline'))).toBe('The sandbox restarted.')
  })

  it('says nothing after a reconnect to the same sandbox that changed nothing', () => {
    const before = state('WK1', 'Available', [chat('WT1')])
    expect(outageNotice(before, state('WK1', 'Available', [chat('WT1'), chat('WT2')]))).toBeUndefined()
  })

  it('says so when the grace period passed (Offline) or held chats went, without claiming a restart', () => {
    expect(outageNotice(state('WK1', 'Available', [chat('WT1')]), state('WK1', 'Offline', [chat('WT1')]))).toBe(
      'You were disconnected for a while, so the sandbox set you Offline. Set yourself Available again to receive chats.',
    )
    expect(outageNotice(state('WK1', 'Unavailable'), state('WK1', 'Offline'))).toMatch(/Choose your availability again\.$/)
    expect(outageNotice(state('WK1', 'Available', [chat('WT1'), chat('WT2')]), state('WK1', 'Available', [chat('WT2')]))).toBe(
      'While the console was disconnected, a chat you held was closed or handed on.',
    )
    expect(outageNotice(state('WK1', 'Available', [chat('WT1'), chat('WT2')]), state('WK1', 'Available'))).toMatch(
      /^While the console was disconnected, 2 chats you held/,
    )
  })
})

describe('activityToRestore', () => {
  it('sets again, after a restart, the availability the agent had chosen (the new sandbox has them Offline)', () => {
    expect(activityToRestore(state('WK1', 'Available'), state('WK2', 'Offline'))).toBe('Available')
    expect(activityToRestore(state('WK1', 'Unavailable'), state('WK2', 'Offline'))).toBe('Unavailable')
    expect(activityToRestore(state('WK1', 'Offline'), state('WK2', 'Offline'))).toBeUndefined()
  })

  it('does not undo what the same sandbox decided (Offline after the grace period)', () => {
    expect(activityToRestore(state('WK1', 'Available'), state('WK1', 'Offline'))).toBeUndefined()
  })
})

describe('OutageWatch', () => {
  /** Sign-in as the AgentClient reports it: status `connected`, then the sign-in's state. */
  const connect = (watch: OutageWatch, next: AgentState) => ({ ...watch.status('connected'), ...watch.state(next) })

  it('tells nothing on the first sign-in or on states while connected', () => {
    const watch = new OutageWatch()
    expect(watch.status('connecting')).toEqual({})
    expect(connect(watch, state('WK1', 'Available', [chat('WT1')]))).toEqual({})
    expect(watch.state(state('WK1', 'Available'))).toEqual({})
  })

  it('after a middleware restart, tells the restart once, from the first state after the reconnect', () => {
    const watch = new OutageWatch()
    connect(watch, state('WK1', 'Available'))
    watch.state(state('WK1', 'Available', [chat('WT1')]))
    expect(watch.status('reconnecting')).toEqual({})
    expect(connect(watch, state('WK2', 'Offline'))).toEqual({ notice: RESTART_ENDED_CHATS, restoreActivity: 'Available' })
    // Later states compare with nothing.
    expect(watch.state(state('WK2', 'Available'))).toEqual({})
  })

  it('a normal reconnect (same sandbox, same chats) tells nothing', () => {
    const watch = new OutageWatch()
    connect(watch, state('WK1', 'Available', [chat('WT1')]))
    watch.status('reconnecting')
    expect(connect(watch, state('WK1', 'Available', [chat('WT1')]))).toEqual({})
  })

  it('clears an error from a command refused while the socket was down, once it is back; keeps other errors', () => {
    const watch = new OutageWatch()
    connect(watch, state('WK1', 'Available', [chat('WT1')]))
    watch.status('reconnecting')
    watch.commandFailed() // "Failed to send: the chat sandbox is not connected."
    expect(watch.status('connected')).toEqual({ clearError: true })
    watch.state(state('WK1', 'Available', [chat('WT1')]))

    watch.commandFailed() // refused while connected: the agent still needs to read it
    watch.status('reconnecting')
    expect(watch.status('connected')).toEqual({})
  })

  it('forgets everything on sign-out, so the next sign-in is a first one', () => {
    const watch = new OutageWatch()
    connect(watch, state('WK1', 'Available', [chat('WT1')]))
    watch.status('reconnecting')
    watch.status('closed')
    expect(connect(watch, state('WK2', 'Offline'))).toEqual({})
  })
})
