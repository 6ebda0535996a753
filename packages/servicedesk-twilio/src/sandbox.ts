/**
 * `@flex-escalate/servicedesk-twilio/sandbox`: the `sandbox` transport on its own, for code that drives the
 * local Flex sandbox without a browser host (Node tests, load tools). Pass `ws`'s `WebSocket` where the
 * runtime has none. A page never needs this entry: the desk loads the transport itself when `/auth` picks it.
 *
 * @example
 * import WebSocket from 'ws'
 * import { SandboxTransport } from '@flex-escalate/servicedesk-twilio/sandbox'
 * const transport = new SandboxTransport({ WebSocket })
 * await transport.connect({ token, chatSid, identity, sandboxUrl })
 */

export { SandboxTransport, type SandboxTransportOptions } from './transports/sandbox.js'
export type { SandboxConnectionOptions } from './transports/sandbox-connection.js'
