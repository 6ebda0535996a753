import type { AgentChat, AgentState } from '@flex-escalate/api'
import { DEFAULT_VISITOR_NAME } from '@flex-escalate/api/escalation'
import type { FlexSandbox } from '../flex-sandbox.js'
import type { Task, Worker } from '../model.js'
import { toWireMember, toWireMessage } from './wire.js'

/**
 * Everything an agent console shows, computed from the router and the chat store: the agent, the other
 * agents and the queues (transfer targets), the queue view, open offers and the chats the agent holds
 * (each with the assistant's message and summary first, then its newest `messagesPerChat` messages).
 *
 * Reads the router through its uncopied {@link RouterView} and the chats through `ChatStore.peek`: only
 * this agent's tasks, offers and queues are visited, and only the fields sent are copied (message
 * attributes shallowly, so serialize the result at once). Deep snapshots here made the hub CPU-bound at
 * scale (first a copy of every task per agent per rebuild, then of each held chat's messages).
 *
 * @example
 * connection.send({ type: 'state', state: buildAgentState(sandbox, worker.sid, 200) })
 */
export function buildAgentState(sandbox: FlexSandbox, workerSid: string, messagesPerChat: number): AgentState {
  const { view } = sandbox.router
  const me = view.worker(workerSid)
  if (!me) throw new Error(`Failed to build the agent state: there is no worker ${workerSid}. Please sign in again.`)
  const now = sandbox.clock.now()
  const nameOf = (sid: string | undefined) => (sid === undefined ? undefined : view.worker(sid)?.name)

  const waiting = view.queuesForWorker(me.sid).flatMap((queue) =>
    view.waitingTasks(queue.sid).map((task, index) => ({
      taskSid: task.sid,
      queue: queue.name,
      topic: task.topic,
      visitorName: visitorNameOf(task),
      position: index + 1,
      waitingSeconds: Math.max(0, Math.round((now - task.enqueuedAt) / 1000)),
    })),
  )

  const offers = view.pendingOffersOf(me.sid).map(({ reservation, task }) => ({
    reservationSid: reservation.sid,
    taskSid: task.sid,
    purpose: reservation.purpose,
    topic: task.topic,
    visitorName: visitorNameOf(task),
    expiresAt: new Date(reservation.expiresAt).toISOString(),
  }))

  const chats = view.tasksOfWorker(me.sid).flatMap((task) => agentChat(sandbox, me, task, messagesPerChat, nameOf))

  return {
    worker: {
      sid: me.sid,
      name: me.name,
      activity: me.activity,
      skills: [...me.skills],
      languages: [...me.languages],
      chatCapacity: me.chatCapacity,
    },
    agents: view
      .workers()
      .filter((worker) => worker.sid !== me.sid)
      .map((worker) => ({ sid: worker.sid, name: worker.name, activity: worker.activity })),
    queues: sandbox.router.workflow.queues().map((queue) => ({ sid: queue.sid, name: queue.name })),
    waiting,
    offers,
    chats,
  }
}

function agentChat(
  sandbox: FlexSandbox,
  me: Worker,
  task: Task,
  messagesPerChat: number,
  nameOf: (sid: string | undefined) => string | undefined,
): AgentChat[] {
  const peeked = sandbox.chats.peek(task.chatSid)
  if (!peeked) return []
  const { chat } = peeked
  const visitor = peeked.members.find((member) => member.role === 'visitor')
  const transfer = task.transfer?.status === 'initiated' && task.transfer.fromWorkerSid === me.sid ? task.transfer : undefined
  const transferTarget = transfer && (nameOf(transfer.toWorkerSid) ?? sandbox.router.workflow.queue(transfer.toQueueSid ?? '')?.name)
  const summary = task.attributes.summary
  const messageToHumanAgent = task.attributes.messageToHumanAgent
  const away = sandbox.visitorAway(chat.sid)
  return [
    {
      taskSid: task.sid,
      chatSid: chat.sid,
      status: task.status === 'wrapping' ? 'wrapping' : 'assigned',
      topic: task.topic,
      visitor: visitor ? toWireMember(visitor) : { identity: chat.visitorIdentity, role: 'visitor', displayName: chat.friendlyName },
      messageToHumanAgent: typeof messageToHumanAgent === 'string' ? messageToHumanAgent : undefined,
      summary: Array.isArray(summary) ? summary.filter((line): line is string => typeof line === 'string') : [],
      ...preChatOf(task),
      ...ratingOf(task),
      messages: peeked.newest(messagesPerChat).map(toWireMessage),
      ended: chat.state === 'closed',
      ...(transferTarget ? { transferring: { to: transferTarget } } : {}),
      ...(away && chat.state === 'active'
        ? { visitorAway: { since: new Date(away.since).toISOString(), endsAt: new Date(away.endsAt).toISOString() } }
        : {}),
    },
  ]
}

/** The task's `preChat` attribute, its text answers only (attributes are any JSON a workflow may rewrite). */
function preChatOf(task: Task): { preChat?: Record<string, string> } {
  const preChat = task.attributes.preChat
  if (typeof preChat !== 'object' || preChat === null || Array.isArray(preChat)) return {}
  const answers = Object.entries(preChat).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  return answers.length > 0 ? { preChat: Object.fromEntries(answers) } : {}
}

/** The task's post-chat rating attributes (`ratingAttributes`), when the visitor rated the chat. */
function ratingOf(task: Task): { rating?: { rating: number; comment?: string } } {
  const { rating, ratingComment } = task.attributes
  if (typeof rating !== 'number' || !Number.isInteger(rating)) return {}
  return { rating: { rating, ...(typeof ratingComment === 'string' ? { comment: ratingComment } : {}) } }
}

function visitorNameOf(task: Task): string {
  const name = task.attributes.name
  return typeof name === 'string' && name ? name : DEFAULT_VISITOR_NAME
}
