import type { TransportName } from '../transports/chat-transport.js'

/**
 * What a page reload needs to resume a chat, stored through the host's `updatePersistedState` (browser
 * session storage in v8 and Carbon).
 */
export interface PersistedChat {
  version: 1
  transport: TransportName
  chatSid: string
  identity: string
  sessionToken: string
  sessionExpiresAt: string
  topic?: string
  /** `sandbox` only: where to reconnect after a reload (`/auth/refresh` gives a token, not the URL). */
  sandboxUrl?: string
  /** Index of the last message handled; later ones are delivered after the reload. */
  lastIndex: number
  /** Agents the host was told about. */
  agents: Array<{ id: string; nickname: string; avatarUrl?: string }>
}

/**
 * The persisted chat, or `undefined` when the stored value is missing or not ours.
 *
 * @example
 * parsePersistedChat({}) // undefined
 */
export function parsePersistedChat(value: unknown): PersistedChat | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const state = value as Partial<PersistedChat>
  const strings = [state.transport, state.chatSid, state.identity, state.sessionToken, state.sessionExpiresAt]
  if (state.version !== 1 || strings.some((field) => typeof field !== 'string')) return undefined
  if (typeof state.lastIndex !== 'number' || !Array.isArray(state.agents)) return undefined
  if (state.sandboxUrl !== undefined && typeof state.sandboxUrl !== 'string') return undefined
  return state as PersistedChat
}

/** Whether the session token has expired (or its date is unreadable). */
export function sessionExpired(state: PersistedChat, now = Date.now()): boolean {
  const expiresAt = Date.parse(state.sessionExpiresAt)
  return Number.isNaN(expiresAt) || expiresAt <= now
}

/**
 * The persisted chat if it was still waiting for an agent (none had joined) and its session is valid: the one
 * a reloaded page holds for the visitor to ask again (`HeldChat` in presence.ts). The desk asks this before it
 * loads the chat engine, so that a page with nothing to hold loads nothing.
 *
 * @example
 * waitingChat({ ...saved, agents: [{ id: 'agent-ana', nickname: 'Ana' }] }) // undefined: hosts resume it
 */
export function waitingChat(value: unknown, now = Date.now()): PersistedChat | undefined {
  const saved = parsePersistedChat(value)
  return saved && saved.agents.length === 0 && !sessionExpired(saved, now) ? saved : undefined
}
