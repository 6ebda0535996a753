/**
 * What the desk needs from a chat SDK. Each implementation only translates its SDK's events and calls into
 * these; every decision (who is an agent, transfers, exactly-once delivery) is the desk's.
 */

import type { EndReason } from '@flex-escalate/api/end-reason'

/** The transports `/auth` can name; open, so an integration can add its own through `AdvancedOptions`. */
export type TransportName = 'programmable-chat' | 'conversations' | 'sandbox' | (string & {})

/** A file attached to a message. */
export interface ChatMedia {
  /**
   * Twilio's media SID (`ME…`), where `getUrl` gives a URL that expires minutes later: the desk then shows the
   * middleware's lasting link to it instead (`POST /media/links`). Absent in the sandbox, whose `data:` URLs last.
   */
  sid?: string
  filename?: string
  contentType?: string
  /** A download URL (Twilio's is short-lived); resolved lazily, in delivery order. */
  getUrl(): Promise<string | undefined>
}

export interface ChatMessage {
  /** Position in the chat, increasing by one per message. */
  index: number
  /** The author's identity. */
  author: string | undefined
  body: string
  attributes: Record<string, unknown>
  /** Every file of the message, in the order sent; empty for text alone. */
  media: ChatMedia[]
}

/** How a member should be displayed: the user's friendly name and avatar, never the raw identity. */
export interface MemberProfile {
  friendlyName?: string
  avatarUrl?: string
}

export interface ChatMember {
  identity: string
  /** Index of the last message this member has read. */
  lastReadIndex?: number
  /** Fetches the member's user; resolved lazily, in delivery order. */
  loadProfile(): Promise<MemberProfile>
}

/** Unknown SDK states map to `connecting`. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'denied'

export interface ChatTransportEvents {
  messageAdded: (message: ChatMessage) => void
  memberJoined: (member: ChatMember) => void
  memberLeft: (identity: string) => void
  typingStarted: (identity: string) => void
  typingEnded: (identity: string) => void
  readHorizonChanged: (identity: string, lastReadIndex: number) => void
  /**
   * Flex ended the chat (channel attributes `status: "INACTIVE"` / conversation state `closed`); `reason`
   * when Flex gave it up rather than someone in it ending it (`@flex-escalate/api/end-reason`).
   */
  chatEnded: (reason?: EndReason) => void
  connectionStateChanged: (state: ConnectionState) => void
  tokenAboutToExpire: () => void
  tokenExpired: () => void
}

export interface ConnectParams {
  token: string
  chatSid: string
  identity: string
  /** `sandbox` only: the WebSocket URL `/auth` gave as `sandboxUrl`. The Twilio SDKs know their own hosts. */
  sandboxUrl?: string
}

/** The chat as found right after connecting. */
export interface ChatSnapshot {
  ended: boolean
  members: ChatMember[]
}

/** Attributes of a message the visitor sends; `messageId` is the host's ID, so a retry can be recognised. */
export interface OutgoingAttributes {
  messageId: string
  [key: string]: string
}

export interface ChatTransport {
  readonly name: TransportName
  /** Creates the client with the token, opens the chat and joins it when needed. */
  connect(params: ConnectParams): Promise<ChatSnapshot>
  sendText(body: string, attributes: OutgoingAttributes): Promise<void>
  sendMedia(file: File, attributes: OutgoingAttributes): Promise<void>
  markAllRead(): Promise<void>
  /** Signals "visitor is typing" for the SDK's typing timeout (a few seconds). */
  typing(): Promise<void>
  /** Every message with an index greater than `index`, oldest first. */
  messagesAfter(index: number): Promise<ChatMessage[]>
  updateToken(token: string): Promise<void>
  leave(): Promise<void>
  /** Closes the connection; no event is emitted afterwards. */
  shutdown(): Promise<void>
  /** Subscribes; returns the unsubscribe function. */
  on<E extends keyof ChatTransportEvents>(event: E, listener: ChatTransportEvents[E]): () => void
}

/** Loads a transport module (and its SDK) on demand. */
export type TransportLoader = () => Promise<ChatTransport>
