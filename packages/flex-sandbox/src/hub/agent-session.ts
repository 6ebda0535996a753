import type { AgentEvent, AgentRequest } from '@flex-escalate/api'
import type { TimerHandle } from '../clock.js'
import type { Task } from '../model.js'
import type { AgentListener } from './agent-presence.js'
import { buildAgentState } from './agent-state.js'
import { AgentUploads } from './agent-uploads.js'
import { type Connection, FrameError } from './connection.js'
import type { HubContext } from './hub-context.js'
import type { MediaBudget } from './media-budget.js'

type Request<T extends AgentRequest['type']> = Extract<AgentRequest, { type: T }>

/**
 * A signed-in agent console: each request is one router or chat-store call made as this worker (the
 * router refuses what is not the agent's to do, e.g. answering another agent's offer), and a fresh
 * `state` follows every change that concerns the agent, debounced into one frame.
 *
 * @example
 * const session = new AgentSession(ctx, connection, worker.sid, media)
 * connection.reply(id, session.state())
 */
export class AgentSession implements AgentListener {
  private pending: TimerHandle | undefined
  private readonly uploads: AgentUploads

  constructor(
    private readonly ctx: HubContext,
    private readonly connection: Connection<AgentRequest>,
    readonly workerSid: string,
    media: MediaBudget,
  ) {
    this.uploads = new AgentUploads(media)
  }

  state() {
    return buildAgentState(this.ctx.sandbox, this.workerSid, this.ctx.limits.stateMessagesPerChat)
  }

  scheduleState(): void {
    if (this.pending !== undefined || !this.connection.open) return
    this.pending = this.ctx.clock.setTimeout(() => {
      this.pending = undefined
      if (this.connection.open) this.send({ type: 'state', state: this.state() })
    }, this.ctx.limits.stateDebounceMs)
  }

  send(event: AgentEvent): void {
    this.connection.send(event)
  }

  handle(frame: AgentRequest): unknown {
    const { router, chats } = this.ctx.sandbox
    const me = this.workerSid
    switch (frame.type) {
      case 'setActivity':
        return { activity: router.setWorkerActivity(me, frame.activity).activity }
      case 'accept':
        return taskRef(router.acceptReservation(frame.reservationSid, me))
      case 'reject':
        router.rejectReservation(frame.reservationSid, me)
        return undefined
      case 'pick':
        return taskRef(router.pickTask(me, frame.taskSid))
      case 'upload':
        this.requireChat(frame.chatSid, 'send a file to')
        return this.uploads.upload(frame.chatSid, frame.file)
      case 'send': {
        this.requireChat(frame.chatSid, 'send a message to')
        const sent = this.uploads.send(frame.chatSid, frame.media ?? [], (media) =>
          chats.sendMessage(frame.chatSid, { author: me, body: frame.body, media }),
        )
        return { index: sent.message.index }
      }
      case 'read': {
        this.requireChat(frame.chatSid, 'mark as read')
        const member =
          frame.index === undefined ? chats.markAllRead(frame.chatSid, me) : chats.setLastReadIndex(frame.chatSid, me, frame.index)
        return { lastReadIndex: member.lastReadIndex ?? null }
      }
      case 'transfer':
        return { transferSid: router.transferTask(frame.taskSid, target(frame), me).sid }
      case 'leave':
        return taskRef(router.leaveTask(me, frame.taskSid))
      case 'end':
        return taskRef(router.wrapUpTask(frame.taskSid, me))
      case 'complete':
        return taskRef(router.completeTask(frame.taskSid, me))
      case 'typing':
        this.requireChat(frame.chatSid, 'type in')
        chats.startTyping(frame.chatSid, me)
        return undefined
      case 'signIn':
        throw new FrameError(
          'bad-request',
          'Failed to sign in: this console is already signed in. Please open a new socket to sign in as another agent.',
        )
    }
  }

  dispose(): void {
    if (this.pending !== undefined) this.ctx.clock.clearTimeout(this.pending)
    this.pending = undefined
  }

  /** The agent may only act in chats it holds (assigned or in wrap-up). */
  private requireChat(chatSid: string, action: string): Task {
    const task = this.ctx.sandbox.router.openTaskForChat(chatSid)
    if (!task || task.workerSid !== this.workerSid) {
      throw new FrameError('forbidden', `Failed to ${action} chat ${chatSid}: you do not hold it. Please accept or pick the chat first.`)
    }
    return task
  }
}

function taskRef(task: Task): { taskSid: string; chatSid: string; status: Task['status'] } {
  return { taskSid: task.sid, chatSid: task.chatSid, status: task.status }
}

function target(frame: Request<'transfer'>): { toWorker: string } | { toQueue: string } {
  return 'worker' in frame.to ? { toWorker: frame.to.worker } : { toQueue: frame.to.queue }
}
