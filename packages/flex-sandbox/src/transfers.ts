import { endTransfer, offer, rescindReservation } from './dispatch.js'
import type { Draft, Transfer, TransferTarget } from './model.js'
import { activeTransfer, type RouterContext } from './router-context.js'
import { newSid } from './sids.js'

/**
 * Starts a transfer, Flex-style: the agent handing over stays in the chat until the target accepts (a
 * warm hand-over, so the visitor is never left alone); only then is that agent released. To a named
 * worker, the offer goes straight to that worker and a reject or timeout fails the transfer (the agent
 * keeps the chat). To a queue, the task is routed in that queue like a new chat, except to the agent
 * handing over; it waits there, still with its agent, until someone accepts or the transfer is canceled.
 */
export function transferTask(ctx: RouterContext, taskSid: string, target: TransferTarget, fromWorkerSid?: string): Draft<Transfer> {
  const action = `transfer task ${taskSid}`
  const task = ctx.tasks.require(taskSid, action)
  if (task.status !== 'assigned' || !task.workerSid) {
    throw new Error(`Failed to ${action}: it is ${task.status}; only an assigned task can be transferred. Please accept it first.`)
  }
  const from = ctx.workers.require(task.workerSid, action)
  if (fromWorkerSid !== undefined && fromWorkerSid !== from.sid) {
    throw new Error(
      `Failed to ${action}: it is held by ${from.name} (${from.sid}), not ${fromWorkerSid}. Only the agent holding a chat can transfer it.`,
    )
  }
  if (task.transfer) {
    throw new Error(
      `Failed to ${action}: transfer ${task.transfer.sid} is still waiting for an answer. Please cancel it (cancelTransfer) or wait for it.`,
    )
  }
  const base = { sid: newSid('TT'), taskSid, fromWorkerSid: from.sid, status: 'initiated' as const, createdAt: ctx.clock.now() }
  if ('toWorker' in target) {
    const to = ctx.workers.get(target.toWorker) ?? ctx.workers.byName(target.toWorker)
    if (!to) throw new Error(`Failed to ${action}: there is no worker "${target.toWorker}". Please choose an agent from the worker list.`)
    if (to.sid === from.sid) throw new Error(`Failed to ${action}: ${to.name} already holds it. Please choose another agent.`)
    const busy = ctx.workers.whyBusy(to)
    if (busy)
      throw new Error(`Failed to ${action}: ${busy}. Please choose an Available agent with a free chat slot, or transfer to a queue.`)
    const transfer: Draft<Transfer> = { ...base, toWorkerSid: to.sid, toQueueSid: undefined }
    announce(ctx, transfer)
    offer(ctx, task, to, transfer)
    return transfer
  }
  const queue = ctx.workflow.requireQueue(target.toQueue, action)
  const transfer: Draft<Transfer> = { ...base, toWorkerSid: undefined, toQueueSid: queue.sid }
  announce(ctx, transfer)
  // Offered by the routing pass that ends every router operation.
  return transfer
}

/** Stops a transfer in progress; the agent who started it keeps the chat. */
export function cancelTransfer(ctx: RouterContext, taskSid: string, reason = 'canceled by the agent'): void {
  const task = ctx.tasks.require(taskSid, `cancel the transfer of task ${taskSid}`)
  if (!activeTransfer(task)) {
    throw new Error(`Failed to cancel the transfer of task ${taskSid}: no transfer is in progress. Nothing needs canceling.`)
  }
  abandonTransfer(ctx, taskSid, reason)
}

/** Ends any transfer in progress without completing it (the task ended, or its agent left). */
export function abandonTransfer(ctx: RouterContext, taskSid: string, reason: string): void {
  const task = ctx.tasks.require(taskSid, `cancel the transfer of task ${taskSid}`)
  const transfer = activeTransfer(task)
  if (!transfer) return
  endTransfer(ctx, task, transfer, 'canceled')
  const pending = ctx.reservations.pendingFor(task.sid)
  if (pending?.purpose === 'transfer') rescindReservation(ctx, pending, `the transfer was canceled: ${reason}`)
  ctx.emit('task.transfer.canceled', { task, transfer, reason })
  ctx.emit('task.updated', { task, reason: 'transfer-ended' })
}

function announce(ctx: RouterContext, transfer: Draft<Transfer>): void {
  const task = ctx.tasks.require(transfer.taskSid, `transfer task ${transfer.taskSid}`)
  ctx.tasks.setTransfer(task, transfer)
  ctx.emit('task.transfer.initiated', { task, transfer })
  ctx.emit('task.updated', { task, reason: 'transfer-initiated' })
}
