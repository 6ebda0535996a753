import { type Clock, systemClock, type TimerHandle } from './clock.js'
import { acceptReservation, declineReservation, pickTask, type RoutingPass, routeWaitingTasks } from './dispatch.js'
import { jsonObject } from './json.js'
import {
  type QueueStatistics,
  type Reservation,
  snapshot,
  type Task,
  type TaskQueue,
  type Transfer,
  type TransferTarget,
  type Worker,
  type WorkerActivity,
} from './model.js'
import { closedReason, ReservationBook } from './reservations.js'
import type { RouterContext } from './router-context.js'
import type { RouterEvents } from './router-events.js'
import { RouterView } from './router-view.js'
import { estimatedWaitSeconds, positionInQueue, queueStatistics } from './statistics.js'
import { type CreateTaskInput, TaskBoard } from './task-board.js'
import { cancelTask, completeTask, createTask, leaveTask, setWorkerActivity, wrapUpTask } from './task-lifecycle.js'
import { cancelTransfer, transferTask } from './transfers.js'
import { type AnyListener, type Listener, TypedEmitter } from './typed-emitter.js'
import { WaitSamples } from './wait-samples.js'
import { type AddWorkerInput, WorkerPool } from './workers.js'
import { SandboxWorkflow, type TaskQueueConfig } from './workflow.js'
import { WORKFLOW_TIMEOUT_REASON, WorkflowTimeouts } from './workflow-timeout.js'

export interface SandboxRouterOptions {
  clock?: Clock
  /** Default {@link DEFAULT_TASK_QUEUES}; "Everyone" is added when missing. */
  queues?: readonly TaskQueueConfig[]
  /** How long a worker has to answer an offer before it goes to the next one; default 30. */
  reservationTimeoutSeconds?: number
  /**
   * How long a task may wait for a worker to accept it before it is canceled as Twilio's workflow timeout
   * does (`workflow.timeout`, then `task.canceled` with cause `workflow-timeout`); default: never.
   */
  workflowTimeoutSeconds?: number | undefined
  /** How many recent acceptances per queue the wait estimate averages; default 20. */
  waitSampleSize?: number
  /** How long completed and canceled tasks stay readable before they are forgotten; default 3600. */
  finishedTaskRetentionSeconds?: number
  /** Whether a chat still has its visitor; decides where a task goes when its agent leaves. Default: yes. */
  isChatActive?: (chatSid: string) => boolean
  /** Where an exception thrown by an event listener goes; default: rethrown on a fresh stack. */
  onListenerError?: (error: unknown, event: string) => void
  /**
   * Told what each routing pass did, for tests and profiling: there is one pass per operation (and per
   * offer timeout), run before the operation's events are emitted. It must not call back into the router;
   * an exception it throws goes to `onListenerError` (event `routing.pass`).
   */
  onRoutingPass?: (pass: RoutingPass) => void
}

export type { RoutingPass }

/**
 * The sandbox's TaskRouter: workers with activities, skills and chat capacity; task queues chosen by
 * topic; tasks offered as reservations to the longest-idle eligible worker, with timeouts, rejects,
 * cherry-picking, transfers, wrap-up and queue statistics. Everything it returns or emits is a snapshot.
 *
 * @example
 * const router = new SandboxRouter({ reservationTimeoutSeconds: 30 })
 * router.on('reservation.created', ({ reservation, worker }) => console.log(`offer for ${worker.name}`, reservation.sid))
 * const ada = router.addWorker({ name: 'Ada', skills: ['billing'], chatCapacity: 2 })
 * router.setWorkerActivity(ada.sid, 'Available')
 * const task = router.createTask({ chatSid: 'CH…', topic: 'billing' }) // status 'reserved', offered to Ada
 * router.acceptReservation(router.worker(ada.sid)!.reservationSids[0]!)
 */
export class SandboxRouter {
  readonly workflow: SandboxWorkflow
  /** Read-only, uncopied queries for the sandbox's own hot paths (the hub); see {@link RouterView}. */
  readonly view: RouterView
  private readonly events: TypedEmitter<RouterEvents>
  private readonly ctx: RouterContext
  private readonly retentionTimers = new Set<TimerHandle>()
  private readonly timeouts: WorkflowTimeouts | undefined

  constructor(options: SandboxRouterOptions = {}) {
    const clock = options.clock ?? systemClock
    const timeoutSeconds = positive(options.reservationTimeoutSeconds ?? 30, 'reservationTimeoutSeconds')
    const retentionMs = positive(options.finishedTaskRetentionSeconds ?? 3600, 'finishedTaskRetentionSeconds') * 1000
    this.workflow = new SandboxWorkflow(options.queues)
    this.events = new TypedEmitter<RouterEvents>(options.onListenerError)
    const queued: (() => void)[] = []
    let depth = 0
    let flushing = false
    const reportError =
      options.onListenerError ??
      ((error: unknown) =>
        queueMicrotask(() => {
          throw error
        }))
    const onRoutingPass = options.onRoutingPass
    const route = () => {
      const pass = routeWaitingTasks(ctx)
      if (!onRoutingPass) return
      try {
        onRoutingPass(pass)
      } catch (error) {
        reportError(error, 'routing.pass')
      }
    }
    const tasks = new TaskBoard()
    const reservations = new ReservationBook(clock, timeoutSeconds * 1000)
    const ctx: RouterContext = {
      clock,
      workflow: this.workflow,
      workers: new WorkerPool(),
      tasks,
      reservations,
      waits: new WaitSamples(options.waitSampleSize ?? 20),
      isChatActive: options.isChatActive ?? (() => true),
      emit: (event, payload) => {
        const copy = snapshot(payload)
        queued.push(() => this.events.emit(event, copy))
      },
      run: <T, R = T>(operation: () => T, settle?: (result: T) => R): R => {
        depth++
        let routed = false
        try {
          const result = operation()
          // The operation's one routing pass, before `settle` reads the result, so that it shows the offers
          // made. (A nested operation with `settle` routes for itself; the outermost one routes again.)
          if (depth === 1 || settle) {
            routed = depth === 1
            route()
          }
          return settle ? settle(result) : (result as unknown as R)
        } finally {
          if (--depth === 0) {
            // An operation that threw still routes what it changed before it threw.
            if (!routed) route()
            // A listener that calls back into the router queues more events; this loop emits them in order.
            if (!flushing) {
              flushing = true
              try {
                for (let next = queued.shift(); next; next = queued.shift()) next()
              } finally {
                flushing = false
              }
            }
          }
        }
      },
      forgetLater: (taskSid) => {
        const timer = clock.setTimeout(() => {
          this.retentionTimers.delete(timer)
          tasks.remove(taskSid)
          reservations.forgetTask(taskSid)
        }, retentionMs)
        this.retentionTimers.add(timer)
      },
    }
    this.ctx = ctx
    this.view = new RouterView(ctx)
    if (options.workflowTimeoutSeconds !== undefined) {
      this.timeouts = this.timeWorkflow(clock, positive(options.workflowTimeoutSeconds, 'workflowTimeoutSeconds') * 1000)
    }
  }

  /** Starts a task's workflow timeout when it enters the workflow (created or requeued); stops it when it leaves. */
  private timeWorkflow(clock: Clock, timeoutMs: number): WorkflowTimeouts {
    const timeouts = new WorkflowTimeouts(clock, timeoutMs, (taskSid) => {
      const task = this.ctx.tasks.get(taskSid)
      if (task?.status !== 'pending' && task?.status !== 'reserved') return
      this.act(() => cancelTask(this.ctx, taskSid, WORKFLOW_TIMEOUT_REASON, 'workflow-timeout'))
    })
    const leave = ({ task }: { task: Task }) => timeouts.leave(task.sid)
    this.on('task.created', ({ task }) => timeouts.enter(task.sid))
    this.on('task.updated', ({ task, reason }) => {
      if (reason === 'requeued') timeouts.enter(task.sid)
    })
    this.on('task.assigned', leave)
    this.on('task.canceled', leave)
    this.on('task.completed', leave)
    this.on('task.wrapup', leave)
    return timeouts
  }

  /** Subscribes to one router event; returns the function that unsubscribes. */
  on<K extends keyof RouterEvents & string>(event: K, listener: Listener<RouterEvents[K]>): () => void {
    return this.events.on(event, listener)
  }

  /** Subscribes to every router event (e.g. to forward them to agent consoles). */
  onAny(listener: AnyListener<RouterEvents>): () => void {
    return this.events.onAny(listener)
  }

  addWorker(input: AddWorkerInput): Worker {
    return this.act(() => {
      const worker = this.ctx.workers.add(input, this.ctx.clock.now())
      this.ctx.emit('worker.created', { worker })
      return worker
    })
  }

  setWorkerActivity(workerSid: string, activity: WorkerActivity): Worker {
    return this.act(() => setWorkerActivity(this.ctx, workerSid, activity))
  }

  worker(workerSid: string): Worker | undefined {
    return copy(this.ctx.workers.get(workerSid))
  }

  workerByName(name: string): Worker | undefined {
    return copy(this.ctx.workers.byName(name))
  }

  workers(): Worker[] {
    return snapshot(this.ctx.workers.all())
  }

  /** A new chat to route: pending in the queue its topic maps to, offered at once if someone can take it. */
  createTask(input: CreateTaskInput): Task {
    return this.act(() => createTask(this.ctx, input))
  }

  task(taskSid: string): Task | undefined {
    return copy(this.ctx.tasks.get(taskSid))
  }

  /** The chat's task that is not completed or canceled. */
  openTaskForChat(chatSid: string): Task | undefined {
    return copy(this.ctx.tasks.openForChat(chatSid))
  }

  tasks(): Task[] {
    return snapshot(this.ctx.tasks.all())
  }

  reservation(reservationSid: string): Reservation | undefined {
    return copy(this.ctx.reservations.get(reservationSid))
  }

  /** Accepts an offer; with `workerSid`, refuses one made to somebody else. Returns the assigned task. */
  acceptReservation(reservationSid: string, workerSid?: string): Task {
    return this.act(() => acceptReservation(this.ctx, reservationSid, workerSid))
  }

  /** Declines an offer: the task goes to the next eligible worker, never back to this one this round. */
  rejectReservation(reservationSid: string, workerSid?: string): Reservation {
    return this.act(() => {
      const action = `reject reservation ${reservationSid}`
      const reservation = this.ctx.reservations.require(reservationSid, action)
      if (workerSid !== undefined && reservation.workerSid !== workerSid) {
        throw new Error(
          `Failed to ${action}: it was offered to worker ${reservation.workerSid}, not ${workerSid}. Please answer only your own offers.`,
        )
      }
      if (reservation.status === 'rejected') return reservation
      if (reservation.status !== 'pending')
        throw new Error(`Failed to ${action}: ${closedReason(reservation)}. There is nothing left to reject.`)
      declineReservation(this.ctx, reservation, 'rejected')
      return reservation
    })
  }

  pickTask(workerSid: string, taskSid: string): Task {
    return this.act(() => pickTask(this.ctx, workerSid, taskSid))
  }

  /** See {@link transferTask} in transfers.ts for the warm hand-over rules. */
  transferTask(taskSid: string, target: TransferTarget, fromWorkerSid?: string): Transfer {
    return this.act(() => transferTask(this.ctx, taskSid, target, fromWorkerSid))
  }

  cancelTransfer(taskSid: string): Task {
    return this.act(() => {
      cancelTransfer(this.ctx, taskSid)
      return this.ctx.tasks.require(taskSid, `cancel the transfer of task ${taskSid}`)
    })
  }

  leaveTask(workerSid: string, taskSid: string): Task {
    return this.act(() => leaveTask(this.ctx, workerSid, taskSid))
  }

  wrapUpTask(taskSid: string, workerSid?: string): Task {
    return this.act(() => wrapUpTask(this.ctx, taskSid, workerSid))
  }

  completeTask(taskSid: string, workerSid?: string): Task {
    return this.act(() => completeTask(this.ctx, taskSid, workerSid))
  }

  /**
   * Merges `attributes` into the task's, in any status, as TaskRouter updates a task's attributes until it
   * deletes the finished task: the post-chat rating arrives while the task is in wrap-up, or after.
   */
  updateTaskAttributes(taskSid: string, attributes: Record<string, unknown>): Task {
    return this.act(() => {
      const action = `update the attributes of task ${taskSid}`
      const task = this.ctx.tasks.require(taskSid, action)
      task.attributes = { ...task.attributes, ...jsonObject(attributes, action) }
      this.ctx.emit('task.updated', { task, reason: 'attributes' })
      return task
    })
  }

  cancelTask(taskSid: string, reason?: string): Task {
    return this.act(() => cancelTask(this.ctx, taskSid, reason))
  }

  queues(): TaskQueue[] {
    return snapshot(this.workflow.queues())
  }

  queueFor(topic: string | undefined): TaskQueue {
    return snapshot(this.workflow.queueFor(topic))
  }

  queueStatistics(queueSidOrName: string): QueueStatistics {
    return snapshot(queueStatistics(this.ctx, queueSidOrName))
  }

  positionInQueue(taskSid: string): number | undefined {
    return positionInQueue(this.ctx, taskSid)
  }

  estimatedWaitSeconds(taskSid: string): number | undefined {
    return estimatedWaitSeconds(this.ctx, taskSid)
  }

  /** Stops every timer (offers, retention); the router must not be used afterwards. */
  dispose(): void {
    this.ctx.reservations.dispose()
    this.timeouts?.dispose()
    for (const timer of this.retentionTimers) this.ctx.clock.clearTimeout(timer)
    this.retentionTimers.clear()
  }

  /** Runs a change, routes what became routable, and hands back a snapshot of the result as it then is. */
  private act<T>(operation: () => T): T {
    return this.ctx.run(operation, snapshot)
  }
}

function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : snapshot(value)
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value))
    throw new Error(`Failed to create the sandbox router: ${name} is ${value}. Please pass a positive number of seconds.`)
  return value
}
