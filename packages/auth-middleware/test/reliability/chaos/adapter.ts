import WebSocket from 'ws'

/** The part of the adapter's `SandboxTransport` (packages/servicedesk-twilio) these suites drive. */
export interface AdapterMessage {
  index: number
  author: string | undefined
  body: string
  attributes: Record<string, unknown>
}
export interface AdapterTransport {
  connect(params: { token: string; chatSid: string; identity: string; sandboxUrl?: string }): Promise<{ ended: boolean }>
  on(event: 'messageAdded', listener: (message: AdapterMessage) => void): () => void
  on(event: 'connectionStateChanged', listener: (state: string) => void): () => void
  on(event: 'chatEnded', listener: () => void): () => void
  sendText(body: string, attributes: Record<string, string>): Promise<void>
  messagesAfter(index: number): Promise<AdapterMessage[]>
  shutdown(): Promise<void>
}
interface AdapterModule {
  SandboxTransport: new (options: {
    WebSocket: unknown
    requestTimeoutMs?: number
    backoff?: { minMs: number; maxMs: number }
  }) => AdapterTransport
}

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
 * The adapter's real sandbox transport, loaded from its source (this package does not depend on the adapter,
 * and turbo does not build it before these tests; vitest compiles the TypeScript on the fly). The path is
 * computed so that this package's own typecheck does not pull the adapter's sources in.
 *
 * @example
 * const transport = await createAdapterTransport()
 * await transport.connect({ token, chatSid, identity, sandboxUrl })
 */
export async function createAdapterTransport(options: { requestTimeoutMs?: number } = {}): Promise<AdapterTransport> {
  const path = new URL('../../../../servicedesk-twilio/src/transports/sandbox.ts', import.meta.url).href
  const adapter = (await import(/* @vite-ignore */ path)) as AdapterModule
  return new adapter.SandboxTransport({
    WebSocket: TrackedWebSocket,
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    backoff: { minMs: 20, maxMs: 300 },
  })
}
