/**
 * The local Flex sandbox: an in-memory, TaskRouter-like Flex (workers, activities, queues, tasks,
 * reservations, routing, transfers, wrap-up) with a Conversations-like chat store, and the WebSocket hub
 * that serves the visitor adapter (`/sandbox/visitor`) and the agent console (`/sandbox/agent`).
 * How it models TaskRouter: README.md. Test helpers: `@flex-escalate/flex-sandbox/testing`.
 */

export type * from './chat-model.js'
export { type AddMemberInput, ChatStore, type ChatStoreOptions, type CreateChatInput, type SendResult } from './chat-store.js'
export { type Clock, systemClock, type TimerHandle } from './clock.js'
export {
  FlexSandbox,
  type FlexSandboxOptions,
  type SandboxAvailability,
  type SandboxChat,
  type SandboxChatPhase,
  type SandboxChatRef,
  type SandboxEscalation,
  type VisitorAway,
} from './flex-sandbox.js'
export { type SandboxHubOptions, sandboxHub } from './hub/hub.js'
export { DEFAULT_HUB_LIMITS, type HubLimits } from './hub/limits.js'
export { MESSAGE_LIMITS, type MessageInput } from './message-rules.js'
export type * from './model.js'
export { WORKER_ACTIVITIES } from './model.js'
export type { RouterEvent, RouterEvents, TaskUpdateReason } from './router-events.js'
export { type RoutingPass, SandboxRouter, type SandboxRouterOptions } from './routing.js'
export type { SandboxAccessToken, SandboxAccessTokens, VerifiedAccessToken } from './sandbox-access-token.js'
export { isSid, newSid, SID_PREFIX, type SidPrefix } from './sids.js'
export type { CreateTaskInput } from './task-board.js'
export type { AnyListener, EventOf, Listener } from './typed-emitter.js'
export type { AddWorkerInput } from './workers.js'
export { DEFAULT_TASK_QUEUES, FALLBACK_QUEUE_NAME, SandboxWorkflow, type TaskQueueConfig } from './workflow.js'
