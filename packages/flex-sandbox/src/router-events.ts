import type { Reservation, Task, Transfer, Worker, WorkerActivity } from './model.js'
import type { EventOf } from './typed-emitter.js'

interface Offer {
  reservation: Reservation
  task: Task
  worker: Worker
}

/** Who canceled a waiting task: the visitor's side, or the workflow timing out. */
export type TaskCancelCause = 'ended' | 'workflow-timeout'

/** Why a task changed, for consoles that show it. */
export type TaskUpdateReason =
  | 'reserved'
  | 'offer-declined'
  | 'assigned'
  | 'requeued'
  | 'transfer-initiated'
  | 'transferred'
  | 'transfer-ended'
  | 'wrapping'
  /** Its attributes changed (`updateTaskAttributes`: the visitor's post-chat rating). */
  | 'attributes'

/**
 * Everything the router tells its listeners. Names follow TaskRouter's event types where one exists
 * (`reservation.created`, `task.canceled`, `worker.activity.update`…). Payloads are snapshots taken when
 * the event happened. What the visitor side needs: `task.assigned` (an agent joined), `task.transfer.*`
 * (transfer begun / done), `task.worker.left` (an agent left), `task.wrapup` and `task.canceled` (chat ended).
 */
export interface RouterEvents {
  'worker.created': { worker: Worker }
  'worker.activity.update': { worker: Worker; previousActivity: WorkerActivity }
  'task.created': { task: Task }
  'task.updated': { task: Task; reason: TaskUpdateReason }
  /** A worker now holds the task: the integration adds the agent to the chat. */
  'task.assigned': { task: Task; worker: Worker; via: 'reservation' | 'pick' | 'transfer'; previousWorkerSid: string | undefined }
  /** A worker no longer holds the task: the integration removes the agent from the chat. */
  'task.worker.left': { task: Task; worker: Worker; reason: 'left' | 'transferred' | 'completed' }
  /** Ended by the agent or the visitor; the worker keeps the capacity until `completeTask`. */
  'task.wrapup': { task: Task; worker: Worker | undefined; reason: 'agent-ended' | 'visitor-ended' }
  'task.completed': { task: Task }
  /**
   * Canceled before any agent accepted it: `ended` by the visitor (or the integration), or by the
   * `workflow-timeout` (after `workflow.timeout`), which the visitor is told as "no agent".
   */
  'task.canceled': { task: Task; reason: string; cause: TaskCancelCause }
  /** No worker accepted the task within the workflow timeout; `task.canceled` follows. */
  'workflow.timeout': { task: Task }
  'reservation.created': Offer
  'reservation.accepted': Offer
  'reservation.rejected': Offer
  'reservation.timeout': Offer
  /** Withdrawn without an answer: the task went elsewhere or ended, or the worker left Available. */
  'reservation.rescinded': Offer & { reason: string }
  'task.transfer.initiated': { task: Task; transfer: Transfer }
  'task.transfer.completed': { task: Task; transfer: Transfer; fromWorker: Worker; toWorker: Worker }
  /** A transfer to a named worker that the worker did not take; the original agent keeps the chat. */
  'task.transfer.failed': { task: Task; transfer: Transfer; reason: 'rejected' | 'timeout' | 'rescinded' }
  'task.transfer.canceled': { task: Task; transfer: Transfer; reason: string }
}

/** A router event as `{ type, payload }`: `switch (event.type)` narrows the payload. */
export type RouterEvent = EventOf<RouterEvents>
