/**
 * `@flex-escalate/servicedesk-twilio/sandbox`: the local Flex sandbox's clients on their own, for code that
 * drives the sandbox without a browser host (Node tests, load tools) and for the demo's agent console: the
 * visitor's `sandbox` transport, the agent's client, the generic reconnecting client both are made of, and
 * the typing throttle. Pass `ws`'s `WebSocket` where the runtime has none. A page never needs this entry:
 * the desk loads the transport itself when `/auth` picks it. Unlike the main entry it loads TypeBox, which
 * checks every frame against `@flex-escalate/api`'s schemas.
 *
 * @example
 * import WebSocket from 'ws'
 * import { SandboxTransport } from '@flex-escalate/servicedesk-twilio/sandbox'
 * const transport = new SandboxTransport({ WebSocket })
 * await transport.connect({ token, chatSid, identity, sandboxUrl })
 */

export { TYPING_THROTTLE_MS, TypingThrottle, type TypingThrottleOptions } from './desk/typing-throttle.js'
export {
  AGENT_BACKOFF,
  AgentClient,
  type AgentClientHandlers,
  type AgentCommand,
  type AgentConnectionStatus,
  type AgentSignal,
} from './sandbox-client/agent-client.js'
export type { BackoffBounds } from './sandbox-client/backoff.js'
export type {
  CloseVerdict,
  SandboxClientConfig,
  SandboxClientHandlers,
  // The options' former name, kept so that code written against it still compiles.
  SandboxClientOptions as SandboxConnectionOptions,
  SandboxClientOptions,
  SocketEnd,
} from './sandbox-client/client-config.js'
export { ConnectionLost, NoAnswer, SandboxRefused } from './sandbox-client/errors.js'
export type { SandboxCall, SandboxEvent, SandboxNotice, SandboxProtocol, SandboxResult } from './sandbox-client/protocol.js'
export type { SocketConstructor, SocketLike } from './sandbox-client/request-socket.js'
export { REQUEST_TIMEOUT_MS, SandboxClient, type SandboxClientState } from './sandbox-client/sandbox-client.js'
export type { Schedule } from './sandbox-client/schedule.js'
export { SandboxTransport, type SandboxTransportOptions } from './transports/sandbox.js'
// What the options' pacing takes (`rate`, `retry`): the hub's limit by default.
export type { PacingOptions, RateLimitRetry, SendRate } from './transports/send-queue.js'
