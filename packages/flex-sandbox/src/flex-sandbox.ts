import {
  type ChatRating,
  type EscalationFacts,
  ratingAttributes,
  taskAttributes,
  transcriptText,
  visitorDisplayName,
} from '@flex-escalate/api/escalation'
import { TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from '@flex-escalate/api/transcript'
import { ChatStore } from './chat-store.js'
import { type Clock, systemClock } from './clock.js'
import { MESSAGE_LIMITS, type MessageInput } from './message-rules.js'
import { SandboxRouter } from './routing.js'
import { createSandboxAccessTokens, type SandboxAccessToken, type SandboxAccessTokens } from './sandbox-access-token.js'
import { wireRouterToChats } from './sandbox-wiring.js'
import type { TaskQueueConfig } from './workflow.js'

export interface FlexSandboxOptions {
  /** The session secret; the access-token key is derived from it. */
  sessionSecret: string
  /** Lifetime of the access tokens the visitor socket authenticates with (ACCESS_TOKEN_TTL_SECONDS). */
  accessTokenTtlSeconds: number
  reservationTimeoutSeconds: number
  /** How long a chat may wait for an agent before Flex gives it up and the visitor is told; default never. */
  workflowTimeoutSeconds?: number | undefined
  /** Default: the core's DEFAULT_TASK_QUEUES (Billing, Technical support, Everyone). */
  queues?: readonly TaskQueueConfig[] | undefined
  clock?: Clock | undefined
  /** Where an exception thrown by a router or chat listener goes (the hub's listeners, mostly). */
  onListenerError?: ((error: unknown, event: string) => void) | undefined
  /** Messages kept per chat, oldest dropped first (default 1000; load tests keep more to audit them all). */
  maxMessagesPerChat?: number | undefined
}

/** A chat to open: who the visitor is (an identity without personal data) and what the agent should see. */
export interface SandboxEscalation extends EscalationFacts {
  identity: string
}

/** The SIDs of an open chat, by which it is found again. */
export interface SandboxChat {
  chatSid: string
  taskSid: string
  queueSid: string
}

/** A chat as a later call names it: the chat, and what is known of its task. */
export interface SandboxChatRef {
  chatSid: string
  taskSid?: string | undefined
  queueSid?: string | undefined
}

/** Agents online for a queue, and for a waiting chat its place and a wait estimate. */
export interface SandboxAvailability {
  agentsOnline: boolean
  positionInQueue?: number
  estimatedWaitSeconds?: number
}

/** Where a chat is: waiting for an agent (pending or offered), held by one, or over (closed, wrap-up, gone). */
export type SandboxChatPhase = 'queued' | 'with-agent' | 'ended'

/** The visitor of a chat seems to have left the page (ms since the epoch): since when, and when the chat ends. */
export interface VisitorAway {
  since: number
  endsAt: number
}

/**
 * The local Flex: chats in a {@link ChatStore}, routing in a {@link SandboxRouter}, wired together as Flex
 * wires a conversation to its task. The WebSocket hub (`sandboxHub`) serves visitors and agents from the
 * same two objects.
 *
 * @example
 * const sandbox = new FlexSandbox({ sessionSecret, accessTokenTtlSeconds: 3600, reservationTimeoutSeconds: 30 })
 * const chat = sandbox.startChat({ identity: 'anon_1', topic: 'billing' })
 * sandbox.availability('billing', chat) // { agentsOnline: false, positionInQueue: 1 }
 */
export class FlexSandbox {
  readonly router: SandboxRouter
  readonly chats: ChatStore
  readonly tokens: SandboxAccessTokens
  readonly clock: Clock
  private readonly unwire: () => void
  /** Chats whose visitor seems to have left the page: the presence mark of the agent console. */
  private readonly away = new Map<string, VisitorAway>()
  private readonly offAway: () => void

  constructor(options: FlexSandboxOptions) {
    const { onListenerError } = options
    const clock = options.clock ?? systemClock
    this.clock = clock
    this.chats = new ChatStore({
      clock,
      onListenerError,
      ...(options.maxMessagesPerChat ? { maxMessagesPerChat: options.maxMessagesPerChat } : {}),
    })
    this.router = new SandboxRouter({
      clock,
      onListenerError,
      queues: options.queues,
      reservationTimeoutSeconds: options.reservationTimeoutSeconds,
      workflowTimeoutSeconds: options.workflowTimeoutSeconds,
      isChatActive: (chatSid) => this.chats.chat(chatSid)?.state === 'active',
    })
    this.tokens = createSandboxAccessTokens({ sessionSecret: options.sessionSecret, ttlSeconds: options.accessTokenTtlSeconds, clock })
    this.unwire = wireRouterToChats(this.router, this.chats)
    this.offAway = this.chats.on('chat.closed', ({ chat }) => this.away.delete(chat.sid))
  }

  /**
   * Opens the chat with the visitor as member, posts the assistant's transcript, and routes a task whose
   * attributes are those Twilio's tasks carry (`@flex-escalate/api/escalation`). Leaves nothing half-open:
   * when a step fails, the chat is closed and the error says what failed.
   */
  startChat(escalation: SandboxEscalation): SandboxChat {
    const visitorName = visitorDisplayName(escalation)
    let chatSid: string | undefined
    try {
      const chat = this.chats.createChat({
        identity: escalation.identity,
        friendlyName: visitorName,
        attributes: { topic: escalation.topic, locale: escalation.locale },
      })
      chatSid = chat.sid
      const transcript = transcriptText(escalation)
      if (transcript) {
        this.chats.postSystemMessage(chat.sid, {
          author: TRANSCRIPT_AUTHOR,
          body: truncateUtf8(transcript, MESSAGE_LIMITS.bodyBytes),
          attributes: { kind: TRANSCRIPT_KIND },
        })
      }
      const task = this.router.createTask({
        chatSid: chat.sid,
        topic: escalation.topic,
        attributes: taskAttributes(escalation, { from: visitorName, conversationSid: chat.sid }),
      })
      return { chatSid: chat.sid, taskSid: task.sid, queueSid: task.queueSid }
    } catch (err) {
      // A chat without a task would never reach an agent.
      if (chatSid && this.chats.chat(chatSid)?.state === 'active') this.chats.closeChat(chatSid)
      throw new Error(`Failed to open the sandbox chat: ${(err as Error).message}`, { cause: err })
    }
  }

  /** Cancels a waiting task or sends a held one to wrap-up, and closes the chat. Idempotent. */
  endChat(chatSid: string): void {
    const task = this.router.openTaskForChat(chatSid)
    if (task && task.status !== 'wrapping') this.router.cancelTask(task.sid)
    if (this.chats.chat(chatSid)?.state === 'active') this.chats.closeChat(chatSid)
  }

  /**
   * Where the chat is, as the middleware asks before acting on a visitor who left: `queued` while its task is
   * pending or offered, `with-agent` while an agent holds it, `ended` once the chat is closed, its task in
   * wrap-up or over, or either unknown (a session token can outlive a restart of the sandbox).
   */
  chatPhase(chatSid: string): SandboxChatPhase {
    if (this.chats.chat(chatSid)?.state !== 'active') return 'ended'
    const task = this.router.openTaskForChat(chatSid)
    if (task?.status === 'pending' || task?.status === 'reserved') return 'queued'
    return task?.status === 'assigned' ? 'with-agent' : 'ended'
  }

  /**
   * Tells the agent of an active chat that its visitor left the page (`away` set) or came back (`away`
   * undefined): sets or clears the console's presence mark (`AgentChat.visitorAway`), then posts `message` as
   * a system message, whose event refreshes the agent's console. A `messageId` in its attributes makes a
   * retry post nothing twice. Throws when the chat is not active.
   */
  noteVisitorPresence(chatSid: string, notice: { away: VisitorAway | undefined; message: MessageInput }): void {
    if (this.chats.chat(chatSid)?.state !== 'active') {
      throw new Error(`Failed to tell the agent about the visitor of chat ${chatSid}: the chat is not active.`)
    }
    if (notice.away) this.away.set(chatSid, { ...notice.away })
    else this.away.delete(chatSid)
    this.chats.postSystemMessage(chatSid, notice.message)
  }

  /**
   * Stores the visitor's post-chat rating on the chat's task (`ratingAttributes`: `rating`, `ratingComment`),
   * as the Twilio gateway does, in whatever status the task is; the agent's console shows it in the wrap-up.
   * Returns false when the sandbox no longer knows the task (forgotten after its retention, or a restart).
   */
  rateChat(chat: SandboxChatRef, rating: ChatRating): boolean {
    const task = chat.taskSid ? this.router.task(chat.taskSid) : this.router.openTaskForChat(chat.chatSid)
    if (!task) return false
    this.router.updateTaskAttributes(task.sid, ratingAttributes(rating))
    return true
  }

  /** The presence mark of an active chat: set while its visitor seems to have left the page. */
  visitorAway(chatSid: string): VisitorAway | undefined {
    const away = this.away.get(chatSid)
    return away && { ...away }
  }

  mintAccessToken(identity: string): SandboxAccessToken {
    return this.tokens.mint(identity)
  }

  /**
   * Agents online in the topic's queue (any eligible worker Available, busy or not, as TaskRouter's
   * `totalAvailableWorkers`); with a chat, the queue its task waits in now, its place and a wait estimate.
   */
  availability(topic: string | undefined, chat?: SandboxChatRef): SandboxAvailability {
    const task = chat && (chat.taskSid ? this.router.task(chat.taskSid) : this.router.openTaskForChat(chat.chatSid))
    // A session token can outlive a restart of the sandbox, whose queue SIDs are new: fall back to the topic.
    const known = [task?.queueSid, chat?.queueSid].find((sid) => sid !== undefined && this.router.workflow.queue(sid))
    const queueSid = known ?? this.router.queueFor(topic).sid
    const stats = this.router.queueStatistics(queueSid)
    const result: SandboxAvailability = { agentsOnline: stats.availableWorkers.length > 0 }
    const position = task && this.router.positionInQueue(task.sid)
    if (task && position !== undefined) {
      result.positionInQueue = position
      const wait = this.router.estimatedWaitSeconds(task.sid)
      if (wait !== undefined) result.estimatedWaitSeconds = wait
    }
    return result
  }

  close(): void {
    this.offAway()
    this.away.clear()
    this.unwire()
    this.router.dispose()
    this.chats.dispose()
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never cutting a character in two. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  let end = Math.min(text.length, maxBytes)
  while (end > 0 && Buffer.byteLength(text.slice(0, end), 'utf8') > maxBytes) end -= Math.max(1, Math.floor((end * 0.1) | 0))
  // Never leave half a surrogate pair (an emoji) at the end.
  const last = text.charCodeAt(end - 1)
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end)
}
