import type { AgentEvent } from '@flex-escalate/api'
import type { TimerHandle } from '../clock.js'
import type { HubContext } from './hub-context.js'

/** What presence needs of an agent socket. */
export interface AgentListener {
  readonly workerSid: string
  /** A change concerns this agent: send a fresh state soon (debounced). */
  scheduleState(): void
  send(event: AgentEvent): void
}

/**
 * Which agents have a console open. An agent whose last console closes stays signed in for a grace
 * period (`agentGraceMs`), so a page reload keeps its activity, offers and chats; after it the agent goes
 * Offline (keeping the chats it holds, as in Flex).
 *
 * @example
 * presence.join(session)
 * presence.forWorker(task.workerSid).forEach((s) => s.scheduleState())
 */
export class AgentPresence {
  private readonly byWorker = new Map<string, Set<AgentListener>>()
  private readonly grace = new Map<string, TimerHandle>()

  constructor(private readonly ctx: HubContext) {}

  join(listener: AgentListener): void {
    const timer = this.grace.get(listener.workerSid)
    if (timer !== undefined) this.ctx.clock.clearTimeout(timer)
    this.grace.delete(listener.workerSid)
    let set = this.byWorker.get(listener.workerSid)
    if (!set) {
      set = new Set()
      this.byWorker.set(listener.workerSid, set)
    }
    set.add(listener)
  }

  leave(listener: AgentListener): void {
    const { workerSid } = listener
    const set = this.byWorker.get(workerSid)
    if (!set?.delete(listener) || set.size > 0) return
    this.byWorker.delete(workerSid)
    this.grace.set(
      workerSid,
      this.ctx.clock.setTimeout(() => {
        this.grace.delete(workerSid)
        if (this.byWorker.has(workerSid)) return
        const { router } = this.ctx.sandbox
        if (router.worker(workerSid)?.activity === 'Offline') return
        router.setWorkerActivity(workerSid, 'Offline')
        this.ctx.log.info({ workerSid }, 'sandbox agent went Offline: no console open')
      }, this.ctx.limits.agentGraceMs),
    )
  }

  forWorker(workerSid: string | undefined): readonly AgentListener[] {
    return workerSid === undefined ? [] : [...(this.byWorker.get(workerSid) ?? [])]
  }

  all(): AgentListener[] {
    return [...this.byWorker.values()].flatMap((set) => [...set])
  }

  dispose(): void {
    for (const timer of this.grace.values()) this.ctx.clock.clearTimeout(timer)
    this.grace.clear()
  }
}
