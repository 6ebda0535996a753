import type { Transport } from '@flex-escalate/api'
import type { EndReason } from '@flex-escalate/api/end-reason'
import type { ChatRating, EscalationFacts } from '@flex-escalate/api/escalation'
import type { FastifyPluginAsync } from 'fastify'

/** What the visitor and the assistant tell the agent when a chat is escalated, and who the visitor is. */
export interface Escalation extends EscalationFacts {
  identity: string
}

/**
 * Everything later calls need to find the chat again. It travels inside the signed session token,
 * so it holds SIDs only, never personal data.
 */
export interface ChatRef {
  transport: Transport
  /** CH... of the chat channel (Programmable Chat) or conversation (Conversations). */
  chatSid: string
  /** WT... of the TaskRouter task, when Twilio told us. */
  taskSid?: string | undefined
  /** WQ... of the queue availability is asked for. */
  queueSid?: string | undefined
  /** KD... and UO... of the Flex Interaction and its channel (Conversations only). */
  interactionSid?: string | undefined
  interactionChannelSid?: string | undefined
}

/**
 * A start that failed after Twilio had created the chat, which could not be removed either (Twilio kept
 * failing through the retries): `chat` is open on Twilio with no task, and nobody would ever close it. The
 * `/auth` route hands it to the presence sweeper (`PresenceTracker.abandon`), which keeps it in its store
 * (Redis: it outlives a restart) and closes it once Twilio answers again; then answers with `reason`.
 */
export class HalfOpenChatError extends Error {
  constructor(
    readonly chat: ChatRef,
    /** Why the start failed: what the visitor is answered with. */
    readonly reason: unknown,
  ) {
    super(`Failed to start the chat, and to remove its half-created chat ${chat.chatSid}`, { cause: reason })
    this.name = 'HalfOpenChatError'
  }
}

/** A chat Flex gave up, as TaskRouter's event names it: its SID and, on Conversations, its Interaction's. */
export interface GivenUpChat {
  chatSid: string
  interactionSid?: string | undefined
  interactionChannelSid?: string | undefined
}

export interface AccessToken {
  token: string
  expiresAt: Date
}

export interface Availability {
  agentsOnline: boolean | null
  positionInQueue?: number | undefined
  estimatedWaitSeconds?: number | undefined
}

/**
 * Where a chat is, as Flex sees it: waiting for an agent (its task pending, or offered to one), held by an
 * agent, or over (closed, in wrap-up, completed, canceled or gone).
 */
export type ChatPhase = 'queued' | 'with-agent' | 'ended'

/**
 * What the agent is told about the visitor, as a message in the chat: they left the page (since `since`; the
 * chat ends at `endsAt` unless they come back), or they are back.
 */
export type VisitorNotice = { kind: 'left'; text: string; since: Date; endsAt: Date } | { kind: 'back'; text: string }

/**
 * A fresh, short-lived URL of a file sent in the chat (`chatSid`, `mediaSid` `ME…`); undefined when Twilio no
 * longer has it or it belongs to another chat.
 */
export type MediaContent = (chatSid: string, mediaSid: string) => Promise<string | undefined>

/**
 * The one door to Flex. Routes only speak to this interface; the Twilio implementation and the local
 * sandbox implement it, and the choice is made once at start-up.
 */
export interface FlexGateway {
  readonly transport: Transport
  /** Opens the chat and hands it to Flex routing, so that an agent is offered a task. */
  startChat(escalation: Escalation): Promise<ChatRef>
  /** Closes the chat on the Flex side so its task does not stay open. Idempotent. */
  endChat(chat: ChatRef): Promise<void>
  /** Mints a short-lived token the browser SDK connects with. */
  mintAccessToken(identity: string): AccessToken
  /** Agents online for a topic; with a chat, its place in the queue too. */
  availability(topic: string | undefined, chat?: ChatRef): Promise<Availability>
  /** Where the chat is now (TaskRouter's task on Twilio): whether a visitor who left can simply be ended. */
  chatPhase(chat: ChatRef): Promise<ChatPhase>
  /**
   * Tells the agent about the visitor with a message in the chat (author and kind from
   * `@flex-escalate/api/transcript`, so clients keep it from the visitor); the sandbox also sets or clears its
   * console's presence mark. A create on Twilio, not idempotent: the caller makes sure it runs once.
   */
  notifyAgent(chat: ChatRef, notice: VisitorNotice): Promise<void>
  /**
   * Stores the visitor's post-chat rating on the chat's task (`ratingAttributes`, `@flex-escalate/api/escalation`),
   * merged into its attributes, whatever its status. Resolves false when the task is gone (Twilio deletes a
   * finished task a few minutes after it ends): nothing was stored.
   */
  rateChat(chat: ChatRef, rating: ChatRating): Promise<boolean>
  /**
   * Twilio only: where a file of the chat can be downloaded now (`GET /media/…` redirects there). The sandbox
   * has no media service: its files travel as `data:` URLs, which never expire.
   */
  mediaContent?: MediaContent
  /**
   * Routes the implementation serves itself, registered once by the app: the sandbox's WebSocket hub. The
   * app mounts whatever the gateway brings, so it never needs to know which implementation it has.
   */
  readonly routes?: FastifyPluginAsync
  /** Chats open now, where the gateway holds them itself (the sandbox): a metrics gauge. Twilio's are Twilio's. */
  openChats?(): number
  /**
   * Twilio only (the sandbox does it itself): Flex gave the chat up before an agent accepted it (TaskRouter
   * canceled its task); closes it with `reason` in its attributes, so the visitor's client reads why.
   * Resolves false when the chat was already closed or is gone: nothing was done.
   */
  giveUp?(chat: GivenUpChat, reason: EndReason): Promise<boolean>
  close?(): Promise<void>
}
