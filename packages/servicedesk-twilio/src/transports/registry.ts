import type { TransportLoader, TransportName } from './chat-transport.js'

/**
 * The transports `/auth`'s `transport` field can pick. Each entry reaches its module (and its SDK) only
 * through `import()`, so a page that never escalates downloads no SDK. Add an entry to support a new one.
 *
 * @example
 * const transport = await defaultTransports['conversations']?.()
 */
export const defaultTransports: Readonly<Record<TransportName, TransportLoader>> = {
  'programmable-chat': async () => (await import('./programmable-chat.js')).createTransport(),
  conversations: async () => (await import('./conversations.js')).createTransport(),
  // The local sandbox of the auth-middleware (no Twilio account): a WebSocket, no SDK.
  sandbox: async () => (await import('./sandbox.js')).createTransport(),
}
