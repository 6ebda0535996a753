import type { Clock, TimerHandle } from './clock.js'

/** The reason a task canceled by {@link WorkflowTimeouts} carries. */
export const WORKFLOW_TIMEOUT_REASON = 'no agent accepted the chat before the workflow timed out'

/**
 * TaskRouter's workflow timeout: a task that no worker accepts within `timeoutMs` of entering the
 * workflow leaves it and is canceled (Twilio's `workflow.timeout`, then `task.canceled`), so the visitor
 * is told instead of waiting for ever. A task entering it again (requeued when its agent left) starts
 * over; one that a worker accepts, or that ends, is cleared.
 * https://www.twilio.com/docs/taskrouter/workflow-configuration#task-timeouts
 *
 * @example
 * const timeouts = new WorkflowTimeouts(clock, 600_000, (taskSid) => router.timeOut(taskSid))
 * timeouts.enter(task.sid) // `timeOut` runs in 10 minutes unless `leave(task.sid)` runs first
 */
export class WorkflowTimeouts {
  readonly #timers = new Map<string, TimerHandle>()

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly timedOut: (taskSid: string) => void,
  ) {}

  /** The task (re-)entered the workflow: its time starts now. */
  enter(taskSid: string): void {
    this.leave(taskSid)
    const timer = this.clock.setTimeout(() => {
      this.#timers.delete(taskSid)
      this.timedOut(taskSid)
    }, this.timeoutMs)
    this.#timers.set(taskSid, timer)
  }

  /** The task left the workflow (accepted, canceled, completed): nothing will time out. */
  leave(taskSid: string): void {
    const timer = this.#timers.get(taskSid)
    if (timer === undefined) return
    this.clock.clearTimeout(timer)
    this.#timers.delete(taskSid)
  }

  /** How many tasks are being timed. */
  get size(): number {
    return this.#timers.size
  }

  dispose(): void {
    for (const timer of this.#timers.values()) this.clock.clearTimeout(timer)
    this.#timers.clear()
  }
}
