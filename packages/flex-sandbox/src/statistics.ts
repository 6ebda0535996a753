import type { QueueStatistics, Task } from './model.js'
import type { RouterContext } from './router-context.js'

/**
 * A queue's real-time statistics: eligible Available workers and the waiting tasks in order.
 *
 * @example
 * const stats = queueStatistics(ctx, 'Billing')
 * stats.availableWorkers.length > 0 // agents online for billing
 */
export function queueStatistics(ctx: RouterContext, queueSidOrName: string): QueueStatistics {
  const queue = ctx.workflow.requireQueue(queueSidOrName, 'read the queue statistics')
  const now = ctx.clock.now()
  const eligible = ctx.workers.all().filter((worker) => worker.activity === 'Available' && ctx.workflow.isEligible(queue, worker))
  const waitingTasks = ctx.tasks.waiting(queue.sid)
  const oldest = waitingTasks.reduce<number | undefined>(
    (min, task) => (min === undefined || task.enqueuedAt < min ? task.enqueuedAt : min),
    undefined,
  )
  const meanMs = ctx.waits.meanMs(queue.sid)
  return {
    queue,
    availableWorkers: eligible,
    workersWithCapacity: eligible.filter((worker) => ctx.workers.hasCapacity(worker)).length,
    waitingTasks,
    longestWaitingSeconds: oldest === undefined ? undefined : Math.round((now - oldest) / 1000),
    averageAcceptSeconds: meanMs === undefined ? undefined : Math.round(meanMs / 1000),
  }
}

/** 1 when the task is next in its queue; undefined when it is not waiting (or unknown). */
export function positionInQueue(ctx: RouterContext, taskSid: string): number | undefined {
  const task = ctx.tasks.get(taskSid)
  if (!task) return undefined
  const index = ctx.tasks.waiting(task.queueSid).findIndex((waiting) => waiting.sid === taskSid)
  return index < 0 ? undefined : index + 1
}

/**
 * Seconds until an agent likely takes the task: the mean of the queue's recent waits until acceptance,
 * times the task's position (each visitor ahead is expected to take about one mean wait). Undefined
 * while the queue has no acceptance yet, or when the task is not waiting.
 */
export function estimatedWaitSeconds(ctx: RouterContext, taskSid: string): number | undefined {
  const position = positionInQueue(ctx, taskSid)
  const task: Task | undefined = ctx.tasks.get(taskSid)
  const meanMs = task && ctx.waits.meanMs(task.queueSid)
  if (position === undefined || meanMs === undefined) return undefined
  return Math.round((meanMs * position) / 1000)
}
