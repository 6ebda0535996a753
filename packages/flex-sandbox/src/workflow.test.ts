import { describe, expect, it } from 'vitest'
import { DEFAULT_TASK_QUEUES, SandboxWorkflow } from './workflow.js'

describe('SandboxWorkflow', () => {
  it('maps topics to the default queues case-insensitively, everything else to Everyone', () => {
    const workflow = new SandboxWorkflow()
    expect(workflow.queues().map((queue) => [queue.name, queue.skill])).toEqual([
      ['Billing', 'billing'],
      ['Technical support', 'technical'],
      ['Everyone', null],
    ])
    expect(workflow.queueFor(' Tech Support ').name).toBe('Technical support')
    expect(workflow.queueFor('Invoice').name).toBe('Billing')
    expect(workflow.queueFor('weather').name).toBe('Everyone')
    expect(workflow.queueFor(undefined)).toBe(workflow.fallback)
    expect(workflow.sid).toMatch(/^WW[0-9a-f]{32}$/)
  })

  it('adds Everyone when the configuration lacks it, and keeps given SIDs', () => {
    const sid = `WQ${'a'.repeat(32)}`
    const workflow = new SandboxWorkflow([{ sid, name: 'Sales', topic: 'Sales', skill: 'Sales' }])
    expect(workflow.queue(sid)).toMatchObject({ name: 'Sales', topics: ['sales'], skill: 'sales' })
    expect(workflow.queue('everyone')?.skill).toBeNull()
    expect(workflow.queueFor('sales').sid).toBe(sid)
  })

  it('decides eligibility by skill, with Everyone open to all', () => {
    const workflow = new SandboxWorkflow(DEFAULT_TASK_QUEUES)
    const worker = { skills: ['technical'] } as unknown as Parameters<SandboxWorkflow['isEligible']>[1]
    expect(workflow.isEligible(workflow.queueFor('billing'), worker)).toBe(false)
    expect(workflow.isEligible(workflow.queueFor('technical'), worker)).toBe(true)
    expect(workflow.isEligible(workflow.fallback, worker)).toBe(true)
  })

  it.each([
    [
      [
        { name: 'A', topics: ['x'], skill: 'a' },
        { name: 'B', topics: ['X'], skill: 'b' },
      ],
      'topic "x" is in both "A" and "B"',
    ],
    [
      [
        { name: 'A', skill: 'a' },
        { name: 'a ', skill: 'b' },
      ],
      '"a" appears twice',
    ],
    [[{ name: 'Everyone', skill: 'any' }], '"Everyone" requires skill "any". Please set its skill to null'],
    [[{ sid: 'WQ123', name: 'A', skill: null }], 'sid "WQ123" is not a WQ SID'],
    [[{ name: ' ', skill: null }], 'a queue has an empty name'],
  ])('refuses a bad configuration %#', (queues, message) => {
    expect(() => new SandboxWorkflow(queues)).toThrow(message)
  })
})
