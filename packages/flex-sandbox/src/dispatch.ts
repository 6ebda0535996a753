import type { Draft, Reservation, Task, TaskQueue, Transfer, TransferStatus, Worker } from './model.js'
import { closedReason } from './reservations.js'
import { activeTransfer, type RouterContext } from './router-context.js'

/** Something to offer: a waiting task, or a task being transferred to a queue. */
interface RoutingNeed {
  task: Draft<Task>
  queue: TaskQueue
  exclude: ReadonlySet<string>
  transfer: Draft<Transfer> | undefined
}

/** What one routing pass did (the router's `onRoutingPass` option hands it out). */
export interface RoutingPass {
  /**
   * Tasks the pass read: those waiting in a queue (pending or reserved) and those being transferred.
   * Finished tasks, kept for `finishedTaskRetentionSeconds`, are never among them.
   */
  readonly tasksExamined: number
  /** Reservations the pass opened. */
  readonly offers: number
}

/**
 * Offers waiting work until nothing more can be offered. Work is taken in queue order (priority, then age)
 * and each piece goes to the longest-idle eligible worker with spare capacity who has not declined it.
 *
 * One sweep does it: an offer takes a unit of one worker's capacity and changes nothing else (no idle
 * time, no decline, no other task), so work that found no worker earlier in the sweep would find none
 * after it either, and the workers are ranked once for the whole pass.
 */
export function routeWaitingTasks(ctx: RouterContext): RoutingPass {
  const { needs, examined } = routingNeeds(ctx)
  if (needs.length === 0) return { tasksExamined: examined, offers: 0 }
  const workers = new PassWorkers(ctx)
  let offers = 0
  for (const need of needs) {
    const worker = workers.firstFor(need.queue, need.exclude, languageOfTask(need.task))
    if (!worker) continue
    offer(ctx, need.task, worker, need.transfer)
    offers++
  }
  return { tasksExamined: examined, offers }
}

function routingNeeds(ctx: RouterContext): { needs: RoutingNeed[]; examined: number } {
  const needs: RoutingNeed[] = []
  let examined = 0
  for (const line of ctx.tasks.waitingLines()) {
    for (const task of line) {
      examined++
      if (task.status !== 'pending') continue
      const queue = ctx.workflow.requireQueue(task.queueSid, `route task ${task.sid}`)
      needs.push({ task, queue, exclude: ctx.tasks.declinedBy(task.sid), transfer: undefined })
    }
  }
  for (const task of ctx.tasks.inTransfer()) {
    examined++
    const transfer = activeTransfer(task)
    if (transfer?.toQueueSid && !ctx.reservations.pendingFor(task.sid)) {
      const queue = ctx.workflow.requireQueue(transfer.toQueueSid, `transfer task ${task.sid}`)
      // The agent handing over is never offered its own transfer.
      const exclude = new Set([...ctx.tasks.declinedBy(transfer.sid), transfer.fromWorkerSid])
      needs.push({ task, queue, exclude, transfer })
    }
  }
  // Each line is in queue order already: the (stable, run-merging) sort interleaves the queues and transfers.
  return { needs: needs.sort((a, b) => ctx.tasks.compare(a.task, b.task)), examined }
}

/**
 * The workers one pass may offer to: ranked once (longest idle first), narrowed once per queue by skill.
 * Offers only use up capacity, so a worker found full stays full until the pass ends and is dropped.
 */
class PassWorkers {
  private readonly ranked: readonly Draft<Worker>[]
  private readonly byQueue = new Map<string, Draft<Worker>[]>()

  constructor(private readonly ctx: RouterContext) {
    this.ranked = ctx.workers.candidates()
  }

  /** The longest-idle worker who may take it, one who speaks `language` first (anyone rather than no one). */
  firstFor(queue: TaskQueue, exclude: ReadonlySet<string>, language: string | undefined): Draft<Worker> | undefined {
    let line = this.byQueue.get(queue.sid)
    if (!line) {
      line = this.ranked.filter((worker) => this.ctx.workflow.isEligible(queue, worker))
      this.byQueue.set(queue.sid, line)
    }
    let kept = 0
    let found: Draft<Worker> | undefined
    let speaker: Draft<Worker> | undefined
    for (const worker of line) {
      if (!this.ctx.workers.hasCapacity(worker)) continue
      line[kept++] = worker
      if (exclude.has(worker.sid)) continue
      found ??= worker
      if (language && !speaker && worker.languages.includes(language)) speaker = worker
    }
    line.length = kept
    return speaker ?? found
  }
}

/** The visitor's language as the task carries it (`@flex-escalate/api/escalation`'s `language`). */
function languageOfTask(task: Task): string | undefined {
  const { language } = task.attributes
  return typeof language === 'string' ? language : undefined
}

/** Opens a reservation of `task` for `worker`; a transfer offer leaves the task with its current agent. */
export function offer(ctx: RouterContext, task: Draft<Task>, worker: Draft<Worker>, transfer?: Draft<Transfer>): void {
  const reservation = ctx.reservations.open(
    { taskSid: task.sid, workerSid: worker.sid, purpose: transfer ? 'transfer' : 'routing', transferSid: transfer?.sid },
    (expired) => ctx.run(() => declineReservation(ctx, expired, 'timeout')),
  )
  worker.reservationSids = [...worker.reservationSids, reservation.sid]
  if (!transfer) ctx.tasks.setStatus(task, 'reserved')
  ctx.emit('reservation.created', { reservation, task, worker })
  if (!transfer) ctx.emit('task.updated', { task, reason: 'reserved' })
}

/** A reject or a timeout: the worker is not offered this again this round, and the work goes on. */
export function declineReservation(ctx: RouterContext, reservation: Draft<Reservation>, status: 'rejected' | 'timeout'): void {
  const { task, worker } = closeReservation(ctx, reservation, status)
  const transfer = transferOf(task, reservation)
  const round = reservation.purpose === 'routing' ? task.sid : transfer?.sid
  if (round) ctx.tasks.declinedBy(round).add(worker.sid)
  const requeued = afterClosing(ctx, task, reservation, transfer)
  ctx.emit(status === 'rejected' ? 'reservation.rejected' : 'reservation.timeout', { reservation, task, worker })
  announceClosing(ctx, task, transfer, requeued, status)
}

/** Withdraws an unanswered offer; a waiting task goes back to pending, a named transfer fails. */
export function rescindReservation(ctx: RouterContext, reservation: Draft<Reservation>, reason: string): void {
  const { task, worker } = closeReservation(ctx, reservation, 'rescinded')
  const transfer = transferOf(task, reservation)
  const requeued = afterClosing(ctx, task, reservation, transfer)
  ctx.emit('reservation.rescinded', { reservation, task, worker, reason })
  announceClosing(ctx, task, transfer, requeued, 'rescinded')
}

/** A closed routing offer puts the task back to pending; a closed offer of a named transfer ends it. */
function afterClosing(ctx: RouterContext, task: Draft<Task>, reservation: Reservation, transfer: Draft<Transfer> | undefined): boolean {
  if (transfer?.toWorkerSid) endTransfer(ctx, task, transfer, 'failed')
  if (reservation.purpose !== 'routing' || task.status !== 'reserved') return false
  ctx.tasks.setStatus(task, 'pending')
  return true
}

function announceClosing(
  ctx: RouterContext,
  task: Task,
  transfer: Transfer | undefined,
  requeued: boolean,
  reason: 'rejected' | 'timeout' | 'rescinded',
): void {
  if (transfer?.status === 'failed') ctx.emit('task.transfer.failed', { task, transfer, reason })
  if (requeued) ctx.emit('task.updated', { task, reason: 'offer-declined' })
}

/**
 * The worker takes the offer. A routing offer assigns the task; a transfer offer moves it from the
 * agent handing over (released only now) to this worker. Accepting twice answers with the same task.
 */
export function acceptReservation(ctx: RouterContext, reservationSid: string, workerSid?: string): Draft<Task> {
  const action = `accept reservation ${reservationSid}`
  const reservation = ctx.reservations.require(reservationSid, action)
  if (workerSid !== undefined && reservation.workerSid !== workerSid) {
    throw new Error(
      `Failed to ${action}: it was offered to worker ${reservation.workerSid}, not ${workerSid}. Please accept only your own offers.`,
    )
  }
  const task = ctx.tasks.require(reservation.taskSid, action)
  if (reservation.status === 'accepted') return task
  if (reservation.status !== 'pending')
    throw new Error(`Failed to ${action}: ${closedReason(reservation)}. Please wait for the next offer.`)
  const transfer = transferOf(task, reservation)
  if (reservation.purpose === 'transfer' && !transfer) {
    // Ending a transfer rescinds its offer, so this only happens if state was changed behind the router's back.
    throw new Error(`Failed to ${action}: its transfer is no longer in progress. Please wait for the next offer.`)
  }
  const { worker } = closeReservation(ctx, reservation, 'accepted')
  if (!transfer) {
    takeWaitingTask(ctx, task, worker)
    ctx.emit('reservation.accepted', { reservation, task, worker })
    announceAssigned(ctx, task, worker, 'reservation')
    return task
  }
  const from = ctx.workers.require(transfer.fromWorkerSid, action)
  releaseWorker(task, from, ctx.clock.now())
  holdTask(task, worker, ctx.clock.now())
  if (transfer.toQueueSid) task.queueSid = transfer.toQueueSid
  endTransfer(ctx, task, transfer, 'completed')
  ctx.emit('reservation.accepted', { reservation, task, worker })
  ctx.emit('task.worker.left', { task, worker: from, reason: 'transferred' })
  ctx.emit('task.assigned', { task, worker, via: 'transfer', previousWorkerSid: from.sid })
  ctx.emit('task.transfer.completed', { task, transfer, fromWorker: from, toWorker: worker })
  ctx.emit('task.updated', { task, reason: 'transferred' })
  return task
}

/** Cherry-pick from the queue view: an eligible worker with spare capacity takes a waiting task. */
export function pickTask(ctx: RouterContext, workerSid: string, taskSid: string): Draft<Task> {
  const action = `pick task ${taskSid}`
  const worker = ctx.workers.require(workerSid, action)
  const task = ctx.tasks.require(taskSid, action)
  if (task.status !== 'pending' && task.status !== 'reserved') {
    throw new Error(`Failed to ${action}: it is ${task.status}, no longer waiting in the queue. Please refresh the queue view.`)
  }
  const queue = ctx.workflow.requireQueue(task.queueSid, action)
  if (!ctx.workflow.isEligible(queue, worker)) {
    throw new Error(
      `Failed to ${action}: queue "${queue.name}" needs skill "${queue.skill}" and ${worker.name} has ${worker.skills.join(', ') || 'no skills'}. Please pick from a queue you serve.`,
    )
  }
  const pending = ctx.reservations.pendingFor(task.sid)
  if (pending?.workerSid === worker.sid) return acceptReservation(ctx, pending.sid, worker.sid)
  const busy = ctx.workers.whyBusy(worker)
  if (busy) throw new Error(`Failed to ${action}: ${busy}. Please become Available or finish a chat first.`)
  if (pending) rescindReservation(ctx, pending, `picked by ${worker.name}`)
  takeWaitingTask(ctx, task, worker)
  announceAssigned(ctx, task, worker, 'pick')
  return task
}

/** Marks a transfer finished; the task keeps only a transfer in progress. */
export function endTransfer(
  ctx: RouterContext,
  task: Draft<Task>,
  transfer: Draft<Transfer>,
  status: Exclude<TransferStatus, 'initiated'>,
): void {
  transfer.status = status
  ctx.tasks.setTransfer(task, undefined)
  ctx.tasks.endRound(transfer.sid)
}

/** The worker stops holding the task and counts as idle from now. */
export function releaseWorker(task: Task, worker: Draft<Worker>, now: number): void {
  worker.taskSids = worker.taskSids.filter((sid) => sid !== task.sid)
  worker.idleSince = now
}

function holdTask(task: Draft<Task>, worker: Draft<Worker>, now: number): void {
  task.workerSid = worker.sid
  worker.taskSids = [...worker.taskSids, task.sid]
  // Having just taken work, the worker goes to the back of the longest-idle line.
  worker.idleSince = now
}

function takeWaitingTask(ctx: RouterContext, task: Draft<Task>, worker: Draft<Worker>): void {
  const now = ctx.clock.now()
  ctx.waits.record(task.queueSid, now - task.enqueuedAt)
  ctx.tasks.setStatus(task, 'assigned')
  holdTask(task, worker, now)
  ctx.tasks.endRound(task.sid)
}

function announceAssigned(ctx: RouterContext, task: Task, worker: Worker, via: 'reservation' | 'pick'): void {
  ctx.emit('task.assigned', { task, worker, via, previousWorkerSid: undefined })
  ctx.emit('task.updated', { task, reason: 'assigned' })
}

function closeReservation(ctx: RouterContext, reservation: Draft<Reservation>, status: Exclude<Reservation['status'], 'pending'>) {
  const action = `close reservation ${reservation.sid}`
  ctx.reservations.settle(reservation, status)
  const worker = ctx.workers.require(reservation.workerSid, action)
  worker.reservationSids = worker.reservationSids.filter((sid) => sid !== reservation.sid)
  return { task: ctx.tasks.require(reservation.taskSid, action), worker }
}

function transferOf(task: Draft<Task>, reservation: Reservation): Draft<Transfer> | undefined {
  const transfer = activeTransfer(task)
  return reservation.purpose === 'transfer' && transfer?.sid === reservation.transferSid ? transfer : undefined
}
