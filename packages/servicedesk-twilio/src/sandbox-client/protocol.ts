/**
 * A sandbox socket as a client sees it, described by the schemas of `@flex-escalate/api` (`VisitorProtocol`,
 * `AgentProtocol`), and the types a client derives from them: one generic client serves both sockets, typed
 * by request type and checked frame by frame against the same schemas the server checks its own against.
 */
import type { Static, TSchema } from 'typebox'

/**
 * What a client needs to know of one socket: its requests (for their types), the schemas of the results it
 * reads, by request type, and of the events the server may send.
 *
 * @example
 * import { VisitorProtocol } from '@flex-escalate/api'
 * const protocol: SandboxProtocol = VisitorProtocol
 */
export interface SandboxProtocol {
  readonly requests: TSchema
  /** A request type missing here resolves with `unknown`, unchecked: no client reads its result. */
  readonly results: { readonly [type: string]: TSchema }
  readonly events: TSchema
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never
type RequestOf<P extends SandboxProtocol> = Static<P['requests']>

/** A request that expects a reply, before the socket numbers it. */
export type SandboxCall<P extends SandboxProtocol> = WithoutId<Extract<RequestOf<P>, { id: number }>>

/** A frame the server does not answer (`typing`). */
export type SandboxNotice<P extends SandboxProtocol> = Exclude<RequestOf<P>, { id: number }>

/** Anything the server sends that is not a reply. */
export type SandboxEvent<P extends SandboxProtocol> = Static<P['events']>

/** What a request of type `T` resolves with. */
export type SandboxResult<P extends SandboxProtocol, T extends string> = T extends keyof P['results'] ? Static<P['results'][T]> : unknown
