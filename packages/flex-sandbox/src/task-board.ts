import { jsonObject } from './json.js'
import type { Draft, Task, TaskQueue, TaskStatus, Transfer } from './model.js'
import { newSid } from './sids.js'

export interface CreateTaskInput {
  /** The chat (CH…) the task is about; one open task per chat. */
  chatSid: string
  /** Decides the queue through the workflow; unknown or absent topics go to "Everyone". */
  topic?: string | undefined
  /** Shown to the agent (visitor name, summary…); must be a JSON object. */
  attributes?: Record<string, unknown> | undefined
  /** Higher is served first; default 0. */
  priority?: number | undefined
}

const OPEN: ReadonlySet<Task['status']> = new Set(['pending', 'reserved', 'assigned', 'wrapping'])
const WAITING: ReadonlySet<Task['status']> = new Set(['pending', 'reserved'])

/**
 * The tasks of the sandbox, their queue order and, per routing round, the workers who already declined
 * them (a round is keyed by the task SID, or by the transfer SID while a transfer is being offered).
 *
 * Finished tasks are kept for `finishedTaskRetentionSeconds` (an hour by default), so nothing that runs
 * per operation walks every task: waiting tasks stand in one line per queue, in queue order, and tasks
 * being transferred are a set of their own. Both are kept in step by {@link setStatus} and
 * {@link setTransfer}, the only ways a task's status or transfer changes after {@link add}.
 */
export class TaskBoard {
  private readonly records = new Map<string, Draft<Task>>()
  /** Creation order, the last tie-break of queue order. */
  private readonly created = new WeakMap<Task, number>()
  private count = 0
  /** Waiting tasks (pending or reserved) per queue SID, each line in queue order. */
  private readonly lines = new Map<string, Draft<Task>[]>()
  /** The line each waiting task stands in: its queue when it started waiting. */
  private readonly lineOf = new Map<string, string>()
  /** Tasks with a transfer in progress, in the order the transfers started. */
  private readonly transfers = new Set<Draft<Task>>()
  /**
   * Task SIDs per chat, so `openForChat` does not scan every task (the hub asks it on every chat event).
   * Statuses change in place elsewhere, so the index holds every remembered task of the chat and the
   * status is checked on lookup; a chat rarely has more than a few.
   */
  private readonly byChat = new Map<string, Set<string>>()
  private readonly declined = new Map<string, Set<string>>()

  add(input: CreateTaskInput, queue: TaskQueue, now: number): Draft<Task> {
    const chatSid = input.chatSid.trim()
    if (!chatSid) throw new Error('Failed to create a task: chatSid is empty. Please pass the CH… SID of the chat to route.')
    const open = this.openForChat(chatSid)
    if (open)
      throw new Error(
        `Failed to create a task for chat ${chatSid}: task ${open.sid} (${open.status}) is still open for it. Please cancel or complete that task first.`,
      )
    const priority = input.priority ?? 0
    if (!Number.isFinite(priority))
      throw new Error(
        `Failed to create a task for chat ${chatSid}: priority ${priority} is not a number. Please pass a finite number (default 0).`,
      )
    const task: Draft<Task> = {
      sid: newSid('WT'),
      chatSid,
      queueSid: queue.sid,
      topic: input.topic?.trim() || undefined,
      attributes: jsonObject(input.attributes ?? {}, `create a task for chat ${chatSid}`),
      priority,
      status: 'pending',
      workerSid: undefined,
      createdAt: now,
      enqueuedAt: now,
      transfer: undefined,
    }
    this.records.set(task.sid, task)
    this.created.set(task, this.count++)
    this.joinLine(task)
    let sids = this.byChat.get(chatSid)
    if (!sids) {
      sids = new Set()
      this.byChat.set(chatSid, sids)
    }
    sids.add(task.sid)
    return task
  }

  get(sid: string): Draft<Task> | undefined {
    return this.records.get(sid)
  }

  require(sid: string, action: string): Draft<Task> {
    const task = this.records.get(sid)
    if (!task)
      throw new Error(
        `Failed to ${action}: there is no task ${sid}. It may have been completed and forgotten; please refresh the task list.`,
      )
    return task
  }

  all(): Draft<Task>[] {
    return [...this.records.values()]
  }

  /** The task of a chat that is not yet completed or canceled. */
  openForChat(chatSid: string): Draft<Task> | undefined {
    for (const sid of this.byChat.get(chatSid) ?? []) {
      const task = this.records.get(sid)
      if (task && OPEN.has(task.status)) return task
    }
    return undefined
  }

  /** Tasks waiting for an agent (pending or reserved), in queue order: priority, then age. */
  waiting(queueSid?: string): Draft<Task>[] {
    if (queueSid !== undefined) return [...(this.lines.get(queueSid) ?? [])]
    return [...this.lines.values()].flat().sort(this.compare)
  }

  /** Each queue's line of waiting tasks (pending or reserved), in queue order; read them, never change them. */
  waitingLines(): Iterable<readonly Draft<Task>[]> {
    return this.lines.values()
  }

  /** Tasks with a transfer in progress. */
  inTransfer(): Iterable<Draft<Task>> {
    return this.transfers
  }

  /** Queue order: priority (higher first), then age (older first), then creation order. */
  readonly compare = (a: Task, b: Task): number => byQueueOrder(a, b) || (this.created.get(a) ?? 0) - (this.created.get(b) ?? 0)

  /**
   * Changes a task's status and keeps the lines in step: a task joins its queue's line (`task.queueSid`,
   * set before this call) when it starts waiting and leaves it when it stops.
   */
  setStatus(task: Draft<Task>, status: TaskStatus): void {
    const was = WAITING.has(task.status)
    task.status = status
    const is = WAITING.has(status)
    if (was && !is) this.leaveLine(task)
    else if (!was && is) this.joinLine(task)
  }

  /** Starts (`transfer`) or ends (undefined) the transfer in progress on a task. */
  setTransfer(task: Draft<Task>, transfer: Transfer | undefined): void {
    task.transfer = transfer
    if (transfer) this.transfers.add(task)
    else this.transfers.delete(task)
  }

  /** Workers not to offer this round again (they rejected, timed out or just left). */
  declinedBy(roundKey: string): Set<string> {
    let set = this.declined.get(roundKey)
    if (!set) {
      set = new Set()
      this.declined.set(roundKey, set)
    }
    return set
  }

  endRound(roundKey: string): void {
    this.declined.delete(roundKey)
  }

  /** A worker who becomes Available again may be offered what it declined before. */
  forgiveDeclines(workerSid: string): void {
    for (const set of this.declined.values()) set.delete(workerSid)
  }

  remove(taskSid: string): void {
    const task = this.records.get(taskSid)
    this.records.delete(taskSid)
    if (task) {
      const sids = this.byChat.get(task.chatSid)
      sids?.delete(taskSid)
      if (sids?.size === 0) this.byChat.delete(task.chatSid)
      this.leaveLine(task)
      this.transfers.delete(task)
    }
    this.declined.delete(taskSid)
    if (task?.transfer) this.declined.delete(task.transfer.sid)
  }

  /** Inserts by binary search: the keys of queue order (priority, age, creation) never change. */
  private joinLine(task: Draft<Task>): void {
    let line = this.lines.get(task.queueSid)
    if (!line) {
      line = []
      this.lines.set(task.queueSid, line)
    }
    let low = 0
    let high = line.length
    while (low < high) {
      const mid = (low + high) >>> 1
      // biome-ignore lint/style/noNonNullAssertion: mid is below line.length.
      if (this.compare(line[mid]!, task) <= 0) low = mid + 1
      else high = mid
    }
    line.splice(low, 0, task)
    this.lineOf.set(task.sid, task.queueSid)
  }

  private leaveLine(task: Task): void {
    const queueSid = this.lineOf.get(task.sid)
    if (queueSid === undefined) return
    this.lineOf.delete(task.sid)
    const line = this.lines.get(queueSid)
    const index = line ? line.indexOf(task as Draft<Task>) : -1
    if (line && index >= 0) line.splice(index, 1)
    if (line?.length === 0) this.lines.delete(queueSid)
  }
}

/** Priority first (higher first), then age (older first); {@link TaskBoard.compare} adds creation order for ties. */
export function byQueueOrder(a: Task, b: Task): number {
  return b.priority - a.priority || a.createdAt - b.createdAt
}
