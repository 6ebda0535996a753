import type { AgentState } from '@flex-escalate/api'
import { describe, expect, it } from 'vitest'
import { transferCandidates } from './transfer-candidates.js'

const sid = (digit: string) => `WK${digit.repeat(32)}`
const agent = (digit: string, name: string, activity: AgentState['agents'][number]['activity']) => ({ sid: sid(digit), name, activity })

describe('transferCandidates', () => {
  it('offers the other agents at work, Available first, never this agent nor an Offline one', () => {
    const state = {
      worker: { sid: sid('0'), name: 'Alice' } as AgentState['worker'],
      agents: [
        agent('0', 'Alice', 'Available'),
        agent('1', 'Dan', 'Offline'),
        agent('2', 'Carol', 'Unavailable'),
        agent('3', 'Bob', 'Available'),
      ],
    }
    expect(transferCandidates(state).map((a) => a.name)).toEqual(['Bob', 'Carol'])
  })
})
