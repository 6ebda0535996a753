import type { AgentEvent, AgentRequest, AgentState, ReplyFrame } from '@flex-escalate/api'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** A request that expects a reply: the socket client numbers it. */
export type AgentCommand = DistributiveOmit<Extract<AgentRequest, { id: number }>, 'id'>

/** A fire-and-forget frame (typing). */
export type AgentSignal = Exclude<AgentRequest, { id: number }>

export type ServerFrame = AgentEvent | ReplyFrame

/** Parses one frame from the server; undefined for anything that is not a known frame. */
export function parseServerFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const type = (value as { type?: unknown }).type
  return type === 'reply' || type === 'state' || type === 'typing' || type === 'readHorizon' || type === 'messageAdded'
    ? (value as ServerFrame)
    : undefined
}

/** The signIn reply's result is the first state; checked loosely so a protocol slip fails loudly. */
export function isAgentState(value: unknown): value is AgentState {
  if (typeof value !== 'object' || value === null) return false
  const state = value as Partial<AgentState>
  return typeof state.worker === 'object' && Array.isArray(state.chats) && Array.isArray(state.waiting) && Array.isArray(state.offers)
}

/** A refused request, with the server's error code (`notFound`, `conflict`, ...). */
export class AgentRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'AgentRequestError'
  }
}
