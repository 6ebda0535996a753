/**
 * The TaskRouter vocabulary of the sandbox. Everything handed out (return values, event payloads) is a
 * snapshot copy: changing it changes nothing in the router, and it still shows the moment it was taken.
 */

/** A worker's activity. Only `Available` workers receive offers; the others keep the chats they hold. */
export type WorkerActivity = 'Offline' | 'Available' | 'Unavailable'
export const WORKER_ACTIVITIES: readonly WorkerActivity[] = ['Offline', 'Available', 'Unavailable']

/** An agent, as TaskRouter's Worker. */
export interface Worker {
  readonly sid: string
  readonly name: string
  /** Lower-case skill names matched against a queue's `skill`. */
  readonly skills: readonly string[]
  /** Languages spoken, as primary subtags (`es`): a task whose `language` attribute is one of them is offered to them first. */
  readonly languages: readonly string[]
  /** How many chats the worker holds at once (TaskRouter's `chat` channel capacity). */
  readonly chatCapacity: number
  readonly activity: WorkerActivity
  /** Tasks the worker holds (assigned or wrapping); each uses one unit of capacity. */
  readonly taskSids: readonly string[]
  /** Offers waiting for this worker's answer; each also uses one unit of capacity, as in TaskRouter. */
  readonly reservationSids: readonly string[]
  /** When the worker last became Available, took a task or let one go; the oldest is offered first. */
  readonly idleSince: number
}

/**
 * `pending` waits for an offer, `reserved` has one out, `assigned` has its agent, `wrapping` is ended by
 * the agent or the visitor and waits for `completeTask`; `completed` and `canceled` are final.
 */
export type TaskStatus = 'pending' | 'reserved' | 'assigned' | 'wrapping' | 'completed' | 'canceled'

/** One visitor chat waiting for, or handled by, an agent. */
export interface Task {
  readonly sid: string
  readonly chatSid: string
  readonly queueSid: string
  readonly topic: string | undefined
  readonly attributes: Readonly<Record<string, unknown>>
  /** Higher is served first; equal priorities are served oldest first. */
  readonly priority: number
  readonly status: TaskStatus
  /** The agent holding the task (assigned or wrapping). */
  readonly workerSid: string | undefined
  readonly createdAt: number
  /** When the task last started waiting (creation, or an agent leaving): wait times count from here. */
  readonly enqueuedAt: number
  /** The transfer in progress, if any. */
  readonly transfer: Transfer | undefined
}

export type ReservationStatus = 'pending' | 'accepted' | 'rejected' | 'timeout' | 'rescinded'

/** An offer of a task to one worker, open until accepted, rejected, timed out or rescinded. */
export interface Reservation {
  readonly sid: string
  readonly taskSid: string
  readonly workerSid: string
  readonly status: ReservationStatus
  /** `routing` offers a waiting task; `transfer` offers a task another agent is handing over. */
  readonly purpose: 'routing' | 'transfer'
  readonly transferSid: string | undefined
  readonly createdAt: number
  /** When an unanswered offer times out and goes to the next worker. */
  readonly expiresAt: number
}

export type TransferTarget = { readonly toWorker: string } | { readonly toQueue: string }
export type TransferStatus = 'initiated' | 'completed' | 'failed' | 'canceled'

/** An agent handing a task to a named agent or to a queue; the agent keeps the chat until someone accepts. */
export interface Transfer {
  readonly sid: string
  readonly taskSid: string
  readonly fromWorkerSid: string
  readonly toWorkerSid: string | undefined
  readonly toQueueSid: string | undefined
  readonly status: TransferStatus
  readonly createdAt: number
}

/** A queue of tasks for one skill (or for everyone when `skill` is null). */
export interface TaskQueue {
  readonly sid: string
  readonly name: string
  /** Lower-case topics routed here. */
  readonly topics: readonly string[]
  readonly skill: string | null
}

/** Real-time statistics of one queue, as TaskRouter's RealTimeStatistics. */
export interface QueueStatistics {
  readonly queue: TaskQueue
  /** Eligible workers whose activity is Available, whether or not they have spare capacity. */
  readonly availableWorkers: readonly Worker[]
  /** Eligible Available workers with spare capacity right now. */
  readonly workersWithCapacity: number
  /** Tasks still waiting for an agent (pending or reserved), first in line first. */
  readonly waitingTasks: readonly Task[]
  readonly longestWaitingSeconds: number | undefined
  /** Mean seconds from entering the queue to acceptance over the recent sample; undefined without data. */
  readonly averageAcceptSeconds: number | undefined
}

/** Internal, mutable form of a snapshot type. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] }

/** A deep copy for handing out: callers never hold a reference into the router's state. */
export function snapshot<T>(value: T): T {
  return structuredClone(value)
}
