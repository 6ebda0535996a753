/**
 * The console's words for the `/sandbox/agent` protocol. The client that speaks it, and checks every frame
 * against `@flex-escalate/api`'s schemas, is the adapter's `AgentClient`: these are its types.
 */
export type {
  AgentCommand,
  /** The connection's state as the console shows it. */
  AgentConnectionStatus as ConnectionStatus,
  AgentSignal,
} from '@flex-escalate/servicedesk-twilio/sandbox'
