import type { ChatMessage, ChatTransport } from '@flex-escalate/servicedesk-twilio'
import { SandboxTransport } from '@flex-escalate/servicedesk-twilio/sandbox'
import WebSocket from 'ws'

/** The adapter's sandbox transport, as these suites drive it (its public `ChatTransport` interface). */
export type AdapterTransport = ChatTransport
export type AdapterMessage = ChatMessage

/** Every `ws` client socket the adapter opened, so a test can cut one (TCP reset) at will. */
export const openedSockets = new Set<WebSocket>()

/** `ws`'s client, recording each socket it opens (the adapter takes the class as its `WebSocket` option). */
export class TrackedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url)
    openedSockets.add(this)
    this.once('close', () => openedSockets.delete(this))
  }
}

/**
 * The adapter's real sandbox transport, through its published `./sandbox` entry, as an integrator driving
 * the sandbox from Node would use it (turbo builds the adapter before these tests: a declared devDependency).
 *
 * @example
 * const transport = createAdapterTransport({ framesPerSecond: 100_000 }) // with a hub whose limit is raised as far
 * await transport.connect({ token, chatSid, identity, sandboxUrl })
 */
export function createAdapterTransport(options: { requestTimeoutMs?: number; framesPerSecond?: number } = {}): AdapterTransport {
  return new SandboxTransport({
    WebSocket: TrackedWebSocket,
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    backoff: { minMs: 20, maxMs: 300 },
    // The adapter paces its sends to the hub's limit; a suite that raises the hub's limit raises this with it.
    ...(options.framesPerSecond ? { rate: { perSecond: options.framesPerSecond, burst: options.framesPerSecond } } : {}),
  })
}
