import type { Reservation, Task, TaskQueue, Worker } from './model.js'
import type { RouterContext } from './router-context.js'

/**
 * Read-only queries into the router's live state, for hot paths inside the sandbox (the hub rebuilds an
 * agent's console state after every router event). Unlike the router's public methods, nothing here is a
 * snapshot: the objects are the router's own records, typed read-only. Read them at once, copy what you
 * keep or send, and never hold them across a router call, since they change in place. Everything else
 * should use the router's snapshot methods.
 *
 * @example
 * const view = router.view
 * for (const task of view.tasksOfWorker(workerSid)) send(task.sid, task.status) // copies only two strings
 */
export class RouterView {
  constructor(private readonly ctx: RouterContext) {}

  worker(workerSid: string): Worker | undefined {
    return this.ctx.workers.get(workerSid)
  }

  /** Every worker, in sign-in order. */
  workers(): readonly Worker[] {
    return this.ctx.workers.all()
  }

  task(taskSid: string): Task | undefined {
    return this.ctx.tasks.get(taskSid)
  }

  reservation(reservationSid: string): Reservation | undefined {
    return this.ctx.reservations.get(reservationSid)
  }

  /** The chat's task that is not completed or canceled, found through the board's index by chat. */
  openTaskForChat(chatSid: string): Task | undefined {
    return this.ctx.tasks.openForChat(chatSid)
  }

  /**
   * The tasks the worker holds (assigned or wrapping), oldest first, from the worker's own list: no scan
   * of every task.
   */
  tasksOfWorker(workerSid: string): readonly Task[] {
    const worker = this.ctx.workers.get(workerSid)
    if (!worker) return []
    return worker.taskSids
      .flatMap((sid) => {
        const task = this.ctx.tasks.get(sid)
        return task && task.workerSid === workerSid && (task.status === 'assigned' || task.status === 'wrapping') ? [task] : []
      })
      .sort((a, b) => a.createdAt - b.createdAt)
  }

  /** The worker's offers still waiting for an answer, with their tasks. */
  pendingOffersOf(workerSid: string): readonly { reservation: Reservation; task: Task }[] {
    const worker = this.ctx.workers.get(workerSid)
    if (!worker) return []
    return worker.reservationSids.flatMap((sid) => {
      const reservation = this.ctx.reservations.get(sid)
      const task = reservation && this.ctx.tasks.get(reservation.taskSid)
      return reservation && task && reservation.status === 'pending' ? [{ reservation, task }] : []
    })
  }

  /** The queues the worker serves (its skills match), in workflow order. */
  queuesForWorker(workerSid: string): readonly TaskQueue[] {
    const worker = this.ctx.workers.get(workerSid)
    if (!worker) return []
    return this.ctx.workflow.queues().filter((queue) => this.ctx.workflow.isEligible(queue, worker))
  }

  /** Tasks waiting in a queue (pending or reserved), first in line first. */
  waitingTasks(queueSid: string): readonly Task[] {
    return this.ctx.tasks.waiting(queueSid)
  }

  /** The queues a task concerns for waiting lists: its own, and the target queue of a transfer in progress. */
  queueSidsOf(task: Task): readonly string[] {
    const target = task.transfer?.status === 'initiated' ? task.transfer.toQueueSid : undefined
    return target && target !== task.queueSid ? [task.queueSid, target] : [task.queueSid]
  }

  /** Whether the worker serves the queue (its skills match). */
  servesQueue(workerSid: string, queueSid: string): boolean {
    const worker = this.ctx.workers.get(workerSid)
    const queue = this.ctx.workflow.queue(queueSid)
    return worker !== undefined && queue !== undefined && this.ctx.workflow.isEligible(queue, worker)
  }
}
