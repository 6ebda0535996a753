import { releaseWorker, rescindReservation } from './dispatch.js'
import type { Draft, Task, Worker, WorkerActivity } from './model.js'
import type { RouterContext } from './router-context.js'
import type { TaskCancelCause } from './router-events.js'
import type { CreateTaskInput } from './task-board.js'
import { abandonTransfer } from './transfers.js'
import { checkActivity } from './workers.js'

/** A new pending task in the queue its topic maps to; it is offered when the operation ends. */
export function createTask(ctx: RouterContext, input: CreateTaskInput): Draft<Task> {
  const task = ctx.tasks.add(input, ctx.workflow.queueFor(input.topic), ctx.clock.now())
  ctx.emit('task.created', { task })
  return task
}

/**
 * Changes a worker's activity. Becoming Available restarts its idle time and forgives what it declined
 * earlier; leaving Available withdraws its unanswered offers (they go to the next worker) but keeps the
 * chats it holds, as Flex lets an agent finish chats while Unavailable.
 */
export function setWorkerActivity(ctx: RouterContext, workerSid: string, activity: WorkerActivity): Draft<Worker> {
  const action = `set the activity of worker ${workerSid}`
  const worker = ctx.workers.require(workerSid, action)
  checkActivity(activity, action)
  const previousActivity = worker.activity
  if (previousActivity === activity) return worker
  worker.activity = activity
  if (activity === 'Available') {
    worker.idleSince = ctx.clock.now()
    ctx.tasks.forgiveDeclines(worker.sid)
  }
  ctx.emit('worker.activity.update', { worker, previousActivity })
  if (activity !== 'Available') {
    for (const sid of worker.reservationSids) {
      rescindReservation(ctx, ctx.reservations.require(sid, action), `${worker.name} became ${activity}`)
    }
  }
  return worker
}

/**
 * The agent leaves without ending the chat. While the chat is active the task goes back to pending (in
 * the queue it was being transferred to, if any) and is offered to others first; once the chat is closed
 * there is no one to serve and the task completes. Leaving a task in wrap-up completes it.
 */
export function leaveTask(ctx: RouterContext, workerSid: string, taskSid: string): Draft<Task> {
  const action = `leave task ${taskSid}`
  const worker = ctx.workers.require(workerSid, action)
  const task = ctx.tasks.require(taskSid, action)
  if (task.workerSid !== worker.sid || (task.status !== 'assigned' && task.status !== 'wrapping')) {
    throw new Error(`Failed to ${action}: ${worker.name} does not hold it (it is ${task.status}). Please refresh the chat list.`)
  }
  if (task.status === 'wrapping' || !ctx.isChatActive(task.chatSid)) return completeTask(ctx, taskSid)
  const nextQueueSid = task.transfer?.toQueueSid ?? task.queueSid
  abandonTransfer(ctx, taskSid, `${worker.name} left the chat`)
  const now = ctx.clock.now()
  releaseWorker(task, worker, now)
  Object.assign(task, { workerSid: undefined, queueSid: nextQueueSid, enqueuedAt: now })
  // After the queue is set: the task joins that queue's line, at its place by age.
  ctx.tasks.setStatus(task, 'pending')
  ctx.tasks.endRound(task.sid)
  ctx.tasks.declinedBy(task.sid).add(worker.sid)
  ctx.emit('task.worker.left', { task, worker, reason: 'left' })
  ctx.emit('task.updated', { task, reason: 'requeued' })
  return task
}

/** The agent ends the chat: the task goes to wrap-up and keeps the agent's capacity until completed. */
export function wrapUpTask(ctx: RouterContext, taskSid: string, workerSid?: string): Draft<Task> {
  const action = `wrap up task ${taskSid}`
  const task = ctx.tasks.require(taskSid, action)
  checkHolder(ctx, task, workerSid, action)
  if (task.status === 'wrapping') return task
  if (task.status !== 'assigned') {
    throw new Error(
      `Failed to ${action}: it is ${task.status}; only an assigned task can be wrapped up. Please cancel a waiting task instead (cancelTask).`,
    )
  }
  abandonTransfer(ctx, taskSid, 'the chat ended')
  ctx.tasks.setStatus(task, 'wrapping')
  ctx.emit('task.wrapup', { task, worker: ctx.workers.get(task.workerSid ?? ''), reason: 'agent-ended' })
  ctx.emit('task.updated', { task, reason: 'wrapping' })
  return task
}

/** Finishes an assigned or wrapping task and frees the agent's capacity. Idempotent. */
export function completeTask(ctx: RouterContext, taskSid: string, workerSid?: string): Draft<Task> {
  const action = `complete task ${taskSid}`
  const task = ctx.tasks.require(taskSid, action)
  checkHolder(ctx, task, workerSid, action)
  if (task.status === 'completed') return task
  if (task.status !== 'assigned' && task.status !== 'wrapping') {
    throw new Error(
      `Failed to ${action}: it is ${task.status}; only an assigned or wrapping task can be completed. Please cancel a waiting task instead (cancelTask).`,
    )
  }
  abandonTransfer(ctx, taskSid, 'the chat ended')
  const worker = ctx.workers.require(task.workerSid ?? '', action)
  releaseWorker(task, worker, ctx.clock.now())
  ctx.tasks.setStatus(task, 'completed')
  ctx.emit('task.worker.left', { task, worker, reason: 'completed' })
  ctx.emit('task.completed', { task })
  ctx.forgetLater(task.sid)
  return task
}

/**
 * The visitor ended the chat. A task still waiting is canceled (its offer withdrawn); one with an agent
 * goes to wrap-up, as in Flex, so the agent sees the chat ended and completes it. Idempotent.
 */
export function cancelTask(
  ctx: RouterContext,
  taskSid: string,
  reason = 'the visitor ended the chat',
  cause: TaskCancelCause = 'ended',
): Draft<Task> {
  const task = ctx.tasks.require(taskSid, `cancel task ${taskSid}`)
  if (task.status === 'assigned') {
    abandonTransfer(ctx, taskSid, reason)
    ctx.tasks.setStatus(task, 'wrapping')
    ctx.emit('task.wrapup', { task, worker: ctx.workers.get(task.workerSid ?? ''), reason: 'visitor-ended' })
    ctx.emit('task.updated', { task, reason: 'wrapping' })
  } else if (task.status === 'pending' || task.status === 'reserved') {
    // Final before the offer is withdrawn, so the withdrawal does not put the task back to pending.
    ctx.tasks.setStatus(task, 'canceled')
    const pending = ctx.reservations.pendingFor(task.sid)
    if (pending) rescindReservation(ctx, pending, `the task was canceled: ${reason}`)
    ctx.tasks.endRound(task.sid)
    if (cause === 'workflow-timeout') ctx.emit('workflow.timeout', { task })
    ctx.emit('task.canceled', { task, reason, cause })
    ctx.forgetLater(task.sid)
  }
  return task
}

function checkHolder(ctx: RouterContext, task: Task, workerSid: string | undefined, action: string): void {
  if (workerSid === undefined || task.workerSid === workerSid) return
  const holder = task.workerSid ? (ctx.workers.get(task.workerSid)?.name ?? task.workerSid) : 'nobody'
  throw new Error(`Failed to ${action}: it is held by ${holder}, not ${workerSid}. Only the agent holding a chat can end it.`)
}
