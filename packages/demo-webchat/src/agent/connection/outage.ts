import type { AgentActivity, AgentState } from '@flex-escalate/api'
import type { ConnectionStatus } from './protocol.js'

/** What the console shows after a sandbox restart took the chats the agent held. */
export const RESTART_ENDED_CHATS = 'The sandbox restarted: the chats that were open have ended.'

/**
 * A restart is told apart from a reconnect by the worker's SID: the sandbox is in memory, its SIDs are
 * random, and it never forgets a worker while it runs (signing in again by name is the same worker), so a
 * different SID means a different sandbox: everything the agent held, chats and offers, is gone.
 */
function restarted(before: AgentState, after: AgentState): boolean {
  return before.worker.sid !== after.worker.sid
}

/**
 * What the agent should be told once the connection is back, comparing the last state before the outage
 * with the first one after it; undefined when nothing changed that the console would not show anyway.
 *
 * @example
 * outageNotice(lastStateBeforeTheDrop, firstStateAfterIt) // 'The sandbox restarted: the chats that were open have ended.'
 */
export function outageNotice(before: AgentState, after: AgentState): string | undefined {
  if (restarted(before, after)) {
    if (before.chats.length > 0) return RESTART_ENDED_CHATS
    if (before.offers.length > 0) return 'The sandbox restarted: the chats offered to you were withdrawn.'
    return 'The sandbox restarted.'
  }
  const sentences: string[] = []
  const kept = new Set(after.chats.map((chat) => chat.taskSid))
  const gone = before.chats.filter((chat) => !kept.has(chat.taskSid)).length
  if (gone === 1) sentences.push('While the console was disconnected, a chat you held was closed or handed on.')
  else if (gone > 1) sentences.push(`While the console was disconnected, ${gone} chats you held were closed or handed on.`)
  // The sandbox sets an agent without a console Offline after a grace period (about 10 s), as Flex does: the
  // server's decision, which the console tells rather than undoes.
  if (before.worker.activity !== 'Offline' && after.worker.activity === 'Offline') {
    sentences.push('You were disconnected for a while, so the sandbox set you Offline.')
    sentences.push(
      before.worker.activity === 'Available' ? 'Set yourself Available again to receive chats.' : 'Choose your availability again.',
    )
  }
  return sentences.length > 0 ? sentences.join(' ') : undefined
}

/**
 * The availability to set again after a restart: the new sandbox signs the agent in as a new worker, Offline,
 * having forgotten what the agent chose rather than decided otherwise. Undefined after a mere reconnect.
 *
 * @example
 * activityToRestore(before, after) // 'Available' when the agent was Available before a restart
 */
export function activityToRestore(before: AgentState, after: AgentState): AgentActivity | undefined {
  const chosen = before.worker.activity
  return restarted(before, after) && chosen !== 'Offline' && chosen !== after.worker.activity ? chosen : undefined
}

/** What the console does about an outage when a status or a state arrives. */
export interface OutageEffect {
  /** Show this until the agent dismisses it (replacing an earlier one). */
  notice?: string
  /** Set the agent's availability to this again: the sandbox restarted and forgot it. */
  restoreActivity?: AgentActivity
  /** The error shown came from a command refused while the socket was down: it is stale now, hide it. */
  clearError?: true
}

/**
 * Follows one connection (its statuses, its states, its refused commands) and says, when the socket is back,
 * what to tell the agent, what to set again and which error has gone stale. Plain TypeScript, so that it is
 * tested without React.
 *
 * @example
 * const watch = new OutageWatch()
 * new AgentClient(url, name, { status: (next) => apply(watch.status(next)), state: (next) => apply(watch.state(next)), event })
 */
export class OutageWatch {
  #status: ConnectionStatus = 'closed'
  #last: AgentState | undefined
  /** The last state before the socket dropped; kept until the first state after it comes back. */
  #before: AgentState | undefined
  #comparing = false
  #errorWhileDown = false

  status(next: ConnectionStatus): OutageEffect {
    const previous = this.#status
    this.#status = next
    if (next === 'reconnecting') {
      if (previous !== 'reconnecting' && !this.#comparing) this.#before = this.#last
      return {}
    }
    if (next === 'connected') {
      // The client reports `connected` first, then the sign-in's state: that state is the one to compare.
      this.#comparing = this.#before !== undefined
      const stale = this.#errorWhileDown
      this.#errorWhileDown = false
      return stale ? { clearError: true } : {}
    }
    if (next === 'closed' || next === 'failed') this.#forget()
    return {}
  }

  state(next: AgentState): OutageEffect {
    const before = this.#before
    this.#last = next
    if (!this.#comparing || before === undefined) return {}
    this.#comparing = false
    this.#before = undefined
    const effect: OutageEffect = {}
    const notice = outageNotice(before, next)
    if (notice !== undefined) effect.notice = notice
    const restoreActivity = activityToRestore(before, next)
    if (restoreActivity !== undefined) effect.restoreActivity = restoreActivity
    return effect
  }

  /** A command was refused or failed: remember whether the socket was down, which makes the error stale later. */
  commandFailed(): void {
    this.#errorWhileDown = this.#status !== 'connected'
  }

  #forget(): void {
    this.#last = undefined
    this.#before = undefined
    this.#comparing = false
    this.#errorWhileDown = false
  }
}
