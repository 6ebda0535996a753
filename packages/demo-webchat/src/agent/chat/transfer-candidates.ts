import type { AgentState } from '@flex-escalate/api'

/**
 * The agents a chat can be transferred to: everyone signed in but this agent and those Offline (the sandbox,
 * like TaskRouter, refuses a transfer to an agent who is not Available; an Offline one is not even at work),
 * the Available ones first, then by name.
 *
 * @example
 * transferCandidates(state).map((agent) => agent.name) // ['Bob', 'Carol']: Bob Available, Carol Unavailable
 */
export function transferCandidates(state: Pick<AgentState, 'worker' | 'agents'>): AgentState['agents'] {
  return state.agents
    .filter((agent) => agent.sid !== state.worker.sid && agent.name !== state.worker.name && agent.activity !== 'Offline')
    .sort((a, b) => Number(b.activity === 'Available') - Number(a.activity === 'Available') || a.name.localeCompare(b.name))
}
