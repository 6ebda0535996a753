import type { AgentChat, AgentState } from '@flex-escalate/api'
import type { Task, Worker } from '../model.js'
import type { SandboxGateway } from '../sandbox-gateway.js'
import { toWireMember, toWireMessage } from './wire.js'

const DEFAULT_VISITOR_NAME = 'Website visitor'

/**
 * Everything an agent console shows, computed from the router and the chat store: the agent, the other
 * agents and the queues (transfer targets), the queue view, open offers and the chats the agent holds
 * (each with the assistant's message and summary first, then its newest `messagesPerChat` messages).
 *
 * @example
 * connection.send({ type: 'state', state: buildAgentState(gateway, worker.sid, 200) })
 */
export function buildAgentState(gateway: SandboxGateway, workerSid: string, messagesPerChat: number): AgentState {
  const { router } = gateway
  const me = router.worker(workerSid)
  if (!me) throw new Error(`Failed to build the agent state: there is no worker ${workerSid}. Please sign in again.`)
  const workers = router.workers()
  const queues = router.queues()
  const now = gateway.clock.now()
  const nameOf = (sid: string | undefined) => workers.find((worker) => worker.sid === sid)?.name

  const waiting = queues
    .filter((queue) => router.workflow.isEligible(queue, me))
    .flatMap((queue) =>
      router.queueStatistics(queue.sid).waitingTasks.map((task, index) => ({
        taskSid: task.sid,
        queue: queue.name,
        topic: task.topic,
        visitorName: visitorNameOf(task),
        position: index + 1,
        waitingSeconds: Math.max(0, Math.round((now - task.enqueuedAt) / 1000)),
      })),
    )

  const offers = me.reservationSids.flatMap((sid) => {
    const reservation = router.reservation(sid)
    const task = reservation && router.task(reservation.taskSid)
    if (!reservation || !task || reservation.status !== 'pending') return []
    return [
      {
        reservationSid: reservation.sid,
        taskSid: task.sid,
        purpose: reservation.purpose,
        topic: task.topic,
        visitorName: visitorNameOf(task),
        expiresAt: new Date(reservation.expiresAt).toISOString(),
      },
    ]
  })

  const chats = router
    .tasks()
    .filter((task) => task.workerSid === me.sid && (task.status === 'assigned' || task.status === 'wrapping'))
    .flatMap((task) => agentChat(gateway, me, task, messagesPerChat, nameOf))

  return {
    worker: { sid: me.sid, name: me.name, activity: me.activity, skills: [...me.skills], chatCapacity: me.chatCapacity },
    agents: workers.filter((worker) => worker.sid !== me.sid).map((worker) => ({ sid: worker.sid, name: worker.name, activity: worker.activity })),
    queues: queues.map((queue) => ({ sid: queue.sid, name: queue.name })),
    waiting,
    offers,
    chats,
  }
}

function agentChat(
  gateway: SandboxGateway,
  me: Worker,
  task: Task,
  messagesPerChat: number,
  nameOf: (sid: string | undefined) => string | undefined,
): AgentChat[] {
  const chat = gateway.chats.chat(task.chatSid)
  if (!chat) return []
  const visitor = gateway.chats.members(chat.sid, { includeLeft: true }).find((member) => member.role === 'visitor')
  const transfer = task.transfer?.status === 'initiated' && task.transfer.fromWorkerSid === me.sid ? task.transfer : undefined
  const transferTarget = transfer && (nameOf(transfer.toWorkerSid) ?? gateway.router.workflow.queue(transfer.toQueueSid ?? '')?.name)
  const summary = task.attributes.summary
  const messageToHumanAgent = task.attributes.messageToHumanAgent
  return [
    {
      taskSid: task.sid,
      chatSid: chat.sid,
      status: task.status === 'wrapping' ? 'wrapping' : 'assigned',
      topic: task.topic,
      visitor: visitor ? toWireMember(visitor) : { identity: chat.visitorIdentity, role: 'visitor', displayName: chat.friendlyName },
      messageToHumanAgent: typeof messageToHumanAgent === 'string' ? messageToHumanAgent : undefined,
      summary: Array.isArray(summary) ? summary.filter((line): line is string => typeof line === 'string') : [],
      messages: gateway.chats.messagesAfter(chat.sid, -1).slice(-messagesPerChat).map(toWireMessage),
      ended: chat.state === 'closed',
      ...(transferTarget ? { transferring: { to: transferTarget } } : {}),
    },
  ]
}

function visitorNameOf(task: Task): string {
  const name = task.attributes.name
  return typeof name === 'string' && name ? name : DEFAULT_VISITOR_NAME
}
