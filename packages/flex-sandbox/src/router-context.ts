import type { Clock } from './clock.js'
import type { Draft, Task, Transfer } from './model.js'
import type { ReservationBook } from './reservations.js'
import type { RouterEvents } from './router-events.js'
import type { TaskBoard } from './task-board.js'
import type { WaitSamples } from './wait-samples.js'
import type { WorkerPool } from './workers.js'
import type { SandboxWorkflow } from './workflow.js'

/**
 * The router's state, shared by the modules that change it (dispatch, transfers, task lifecycle).
 * Every change goes through `run`: the operation mutates, then waiting tasks are routed (once), then the
 * queued events are emitted. Listeners therefore only ever see a consistent state, and one that calls back into
 * the router (say, accepting inside `reservation.created`) cannot interleave with a half-done change.
 */
export interface RouterContext {
  readonly clock: Clock
  readonly workflow: SandboxWorkflow
  readonly workers: WorkerPool
  readonly tasks: TaskBoard
  readonly reservations: ReservationBook
  readonly waits: WaitSamples
  readonly isChatActive: (chatSid: string) => boolean
  /** Queues an event, snapshotting its payload now; it is emitted when the outermost `run` ends. */
  emit<K extends keyof RouterEvents & string>(event: K, payload: RouterEvents[K]): void
  /**
   * Runs a change, then one routing pass, then `settle` on the result (the router's snapshot of what it
   * returns, which should show the offers just made), then the queued events. Only the outermost `run`
   * emits; one inside another routes only for a `settle` of its own.
   */
  run<T, R = T>(operation: () => T, settle?: (result: T) => R): R
  /** Final tasks are forgotten after this long, with their reservations. */
  forgetLater(taskSid: string): void
}

/** The transfer in progress on a task, with its mutable form. */
export function activeTransfer(task: Draft<Task>): Draft<Transfer> | undefined {
  return task.transfer?.status === 'initiated' ? (task.transfer as Draft<Transfer>) : undefined
}
