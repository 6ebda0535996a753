import { languageOf } from '@flex-escalate/api/escalation'
import { type Draft, WORKER_ACTIVITIES, type Worker, type WorkerActivity } from './model.js'
import { newSid } from './sids.js'

export interface AddWorkerInput {
  /** Display name, unique among workers (case-insensitive); the agent console signs in by it. */
  name: string
  skills?: readonly string[]
  /** BCP 47 tags or primary subtags (`es-MX`, `es`); kept as primary subtags. */
  languages?: readonly string[]
  /** Chats held at once; default 2. */
  chatCapacity?: number
  /** Default `Offline`, as a worker who just signed in to Flex before choosing an activity. */
  activity?: WorkerActivity
}

export const DEFAULT_CHAT_CAPACITY = 2

/**
 * The workers of the sandbox and the rules about them alone: who can take a task now, and in which
 * order (longest idle first). Routing decisions that involve tasks live in the router.
 */
export class WorkerPool {
  private readonly records = new Map<string, Draft<Worker>>()

  add(input: AddWorkerInput, now: number): Draft<Worker> {
    const name = input.name.trim()
    if (!name) throw new Error('Failed to add a worker: the name is empty. Please give the agent a display name.')
    if (this.byName(name))
      throw new Error(
        `Failed to add worker "${name}": a worker with that name exists. Please sign in as that worker (workerByName) or choose another name.`,
      )
    const chatCapacity = input.chatCapacity ?? DEFAULT_CHAT_CAPACITY
    if (!Number.isInteger(chatCapacity) || chatCapacity < 1) {
      throw new Error(
        `Failed to add worker "${name}": chatCapacity ${chatCapacity} is not a whole number of at least 1. Please pass 1 or more.`,
      )
    }
    const worker: Draft<Worker> = {
      sid: newSid('WK'),
      name,
      skills: [...new Set((input.skills ?? []).map((skill) => skill.trim().toLowerCase()).filter(Boolean))],
      languages: [...new Set((input.languages ?? []).map(languageOf).filter((language): language is string => language !== undefined))],
      chatCapacity,
      activity: checkActivity(input.activity ?? 'Offline', `add worker "${name}"`),
      taskSids: [],
      reservationSids: [],
      idleSince: now,
    }
    this.records.set(worker.sid, worker)
    return worker
  }

  get(sid: string): Draft<Worker> | undefined {
    return this.records.get(sid)
  }

  require(sid: string, action: string): Draft<Worker> {
    const worker = this.records.get(sid)
    if (!worker)
      throw new Error(
        `Failed to ${action}: there is no worker ${sid}. Please sign the agent in again (addWorker) and use the SID it returns.`,
      )
    return worker
  }

  byName(name: string): Draft<Worker> | undefined {
    const wanted = name.trim().toLowerCase()
    return [...this.records.values()].find((worker) => worker.name.toLowerCase() === wanted)
  }

  all(): Draft<Worker>[] {
    return [...this.records.values()]
  }

  /** Units of capacity in use: tasks held plus offers awaiting an answer. */
  load(worker: Worker): number {
    return worker.taskSids.length + worker.reservationSids.length
  }

  hasCapacity(worker: Worker): boolean {
    return this.load(worker) < worker.chatCapacity
  }

  /** Available and below capacity: may be offered (or pick) one more task. */
  canTakeTask(worker: Worker): boolean {
    return worker.activity === 'Available' && this.hasCapacity(worker)
  }

  /**
   * Workers that may be offered a task now, longest idle first (ties: who signed in first). A routing pass
   * ranks them once and narrows the ranking per queue: offers change no one's idle time, only capacity.
   */
  candidates(): Draft<Worker>[] {
    // Map iteration is insertion order and Array.prototype.sort is stable, so ties keep sign-in order.
    return this.all()
      .filter((worker) => this.canTakeTask(worker))
      .sort((a, b) => a.idleSince - b.idleSince)
  }

  /** Why a worker cannot take a task now, for error messages; undefined when it can. */
  whyBusy(worker: Worker): string | undefined {
    if (worker.activity !== 'Available') return `${worker.name} is ${worker.activity}`
    if (!this.hasCapacity(worker)) return `${worker.name} is at capacity (${this.load(worker)} of ${worker.chatCapacity} chats)`
    return undefined
  }
}

export function checkActivity(activity: string, action: string): WorkerActivity {
  if (!(WORKER_ACTIVITIES as readonly string[]).includes(activity)) {
    throw new Error(`Failed to ${action}: "${activity}" is not an activity. Please use one of ${WORKER_ACTIVITIES.join(', ')}.`)
  }
  return activity as WorkerActivity
}
