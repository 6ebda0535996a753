/**
 * Every frame a sandbox server sends, checked against the protocol's schemas before anything reads it.
 * TypeBox is why this lives behind the transport registry's `import()`: it must not weigh on the initial
 * chunk of a page that never escalates.
 */
import { ReplyFrame } from '@flex-escalate/api'
// Named imports, not the `Value` namespace: a namespace object would add a bundler helper to the chunk
// every chunk shares, the initial one included.
import { Check, Errors } from 'typebox/value'
import type { SandboxEvent, SandboxProtocol, SandboxResult } from './protocol.js'

/** One frame from the server that passed its schema. */
export type ServerFrame<P extends SandboxProtocol> = { kind: 'reply'; reply: ReplyFrame } | { kind: 'event'; event: SandboxEvent<P> }

/**
 * A text frame as a reply or an event of `protocol`, or `undefined` for anything else: not JSON, an unknown
 * type, a known type with the wrong shape. Such a frame is noise to ignore, not a reason to drop the chat.
 *
 * @example
 * readFrame(VisitorProtocol, '{"type":"typingStarted","identity":"agent-ana"}')
 * // { kind: 'event', event: { type: 'typingStarted', identity: 'agent-ana' } }
 */
export function readFrame<P extends SandboxProtocol>(protocol: P, data: unknown): ServerFrame<P> | undefined {
  if (typeof data !== 'string') return undefined
  let frame: unknown
  try {
    frame = JSON.parse(data)
  } catch {
    return undefined
  }
  if (Check(ReplyFrame, frame)) return { kind: 'reply', reply: frame }
  // Checked: the cast only spells out what `Check` proved, for a schema known by its type parameter.
  return Check(protocol.events, frame) ? { kind: 'event', event: frame as SandboxEvent<P> } : undefined
}

/**
 * The `result` of an `ok` reply to a request of `type`, checked against the protocol's result schema.
 * Throws an error naming the first mismatch: the server and this client speak different versions.
 *
 * @example
 * const ready = readResult(VisitorProtocol, 'authenticate', reply.result) // VisitorReady, or throws
 */
export function readResult<P extends SandboxProtocol, T extends string>(protocol: P, type: T, result: unknown): SandboxResult<P, T> {
  const schema = protocol.results[type]
  if (!schema || Check(schema, result)) return result as SandboxResult<P, T>
  const [first] = Errors(schema, result)
  const where = first ? `${first.instancePath || 'the result'} ${first.message}` : 'it does not match the protocol'
  throw new Error(
    `Failed to read the answer to "${type}": the chat sandbox sent a result the protocol does not allow (${where}). ` +
      'Please update the middleware and this adapter to versions of the same protocol.',
  )
}
