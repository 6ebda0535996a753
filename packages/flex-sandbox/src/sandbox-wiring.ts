import type { EndReason } from '@flex-escalate/api/end-reason'
import type { ChatStore } from './chat-store.js'
import type { SandboxRouter } from './routing.js'

/** The chat member identity of an agent: its worker SID, opaque and stable across console reloads. */
export function agentIdentity(workerSid: string): string {
  return workerSid
}

/**
 * Keeps the chat store in step with routing, as Flex keeps a conversation in step with its task: the
 * agent joins the chat when the task is assigned, leaves it when it lets the task go, and the chat closes
 * when the task is wrapped up, completed or canceled. On a transfer the new agent joins before the old
 * one leaves, as in a Flex warm transfer, so the visitor sees a hand-over rather than an empty chat.
 * A closed chat that is dropped from memory completes a task still left in wrap-up.
 * Returns the function that unwires.
 *
 * @example
 * const unwire = wireRouterToChats(router, chats)
 */
export function wireRouterToChats(router: SandboxRouter, chats: ChatStore): () => void {
  const isActive = (chatSid: string) => chats.chat(chatSid)?.state === 'active'
  const close = (chatSid: string, endReason?: EndReason) => {
    if (isActive(chatSid)) chats.closeChat(chatSid, endReason)
  }
  const offs = [
    router.on('task.assigned', ({ task, worker, previousWorkerSid }) => {
      if (!isActive(task.chatSid)) return
      chats.addMember(task.chatSid, { identity: agentIdentity(worker.sid), role: 'agent', displayName: worker.name })
      if (previousWorkerSid) chats.removeMember(task.chatSid, agentIdentity(previousWorkerSid))
    }),
    router.on('task.worker.left', ({ task, worker, reason }) => {
      // A transfer's old agent leaves in `task.assigned`, after the new one joined.
      if (reason === 'transferred' || !isActive(task.chatSid)) return
      chats.removeMember(task.chatSid, agentIdentity(worker.sid))
    }),
    router.on('task.wrapup', ({ task }) => close(task.chatSid)),
    router.on('task.completed', ({ task }) => close(task.chatSid)),
    // Flex gave the chat up: the visitor reads "no agent", not an end someone chose.
    router.on('task.canceled', ({ task, cause }) => close(task.chatSid, cause === 'workflow-timeout' ? 'no-agent' : undefined)),
    chats.on('chat.removed', ({ chatSid }) => {
      const task = router.openTaskForChat(chatSid)
      if (task?.status === 'wrapping') router.completeTask(task.sid)
    }),
  ]
  return () => {
    for (const off of offs) off()
  }
}
