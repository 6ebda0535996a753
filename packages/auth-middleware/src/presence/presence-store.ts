import type { ChatRef } from '../flex/gateway.js'

/**
 * What the middleware knows of one chat's visitor: SIDs (the chat as its session token names it) and times,
 * never personal data or tokens. Times are ms since the epoch, on the app's clock.
 */
export interface PresenceRecord {
  chat: ChatRef
  /**
   * The pages (tabs) showing the chat, by the random id each page picks: when each last said `here` (its
   * heartbeat), and when it said `leaving` (its `pagehide` beacon) with no `here` since.
   */
  pages: Record<string, { seenAt: number; leavingAt?: number | undefined }>
  /** The visitor was judged gone while with an agent: the chat ends at `endsAt` unless they come back. */
  away?: { since: number; endsAt: number; told: boolean } | undefined
  /** The agent was told the visitor left, and the visitor came back: the agent is still to be told. */
  tellBack?: boolean | undefined
  /** A Flex call for this chat failed: nothing is attempted again before this time. */
  retryAt?: number | undefined
  /** Nobody has this chat (its start failed halfway, or the visitor never got it): close it at once. */
  abandoned?: true | undefined
}

/** A record as stored, with the exact text a {@link PresenceStore.swap} compares against. */
export interface StoredRecord {
  record: PresenceRecord
  raw: string
}

/** What {@link PresenceStore.swap} writes: the record's text, when it falls due, and how long to keep it. */
export interface RecordWrite {
  raw: string
  dueAt: number
  ttlMs: number
}

/**
 * Where presence records live: this process's memory, or Redis shared by every instance. A dumb store
 * with two atomic operations; every decision is made by the tracker (presence-tracker.ts), the same for both.
 */
export interface PresenceStore {
  get(chatSid: string): Promise<StoredRecord | undefined>
  /**
   * Compare-and-set: writes `next` (or deletes the record with `undefined`) only if the stored text is still
   * `expected` (`undefined`: no record). False when someone changed it first; read again and retry.
   */
  swap(chatSid: string, expected: string | undefined, next: RecordWrite | undefined): Promise<boolean>
  /** Chats whose record falls due at or before `now`, soonest first, at most `limit`. */
  due(now: number, limit: number): Promise<string[]>
  /** Takes the right to act on a chat for `ttlMs` (`SET NX PX` in Redis); false when another holder has it. */
  claim(chatSid: string, owner: string, ttlMs: number): Promise<boolean>
  /** Gives the claim back, if `owner` still holds it. */
  release(chatSid: string, owner: string): Promise<void>
  close(): Promise<void>
}
