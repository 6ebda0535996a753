/**
 * The local Flex sandbox's domain core: a TaskRouter-like router and a Conversations-like chat store,
 * in memory, with an injectable clock. The gateway and the WebSocket hub are built on these.
 */

export type * from './chat-model.js'
export { type AddMemberInput, ChatStore, type ChatStoreOptions, type CreateChatInput, type SendResult } from './chat-store.js'
export { type Clock, systemClock, type TimerHandle } from './clock.js'
export { createManualClock, type ManualClock } from './manual-clock.js'
export { MESSAGE_LIMITS, type MessageInput } from './message-rules.js'
export type * from './model.js'
export { WORKER_ACTIVITIES } from './model.js'
export type { RouterEvents, TaskUpdateReason } from './router-events.js'
export { SandboxRouter, type SandboxRouterOptions } from './routing.js'
export { isSid, newSid, SID_PREFIX, type SidPrefix } from './sids.js'
export type { CreateTaskInput } from './task-board.js'
export { type RouterHarness, routerHarness } from './testing.js'
export type { AnyListener, Listener } from './typed-emitter.js'
export type { AddWorkerInput } from './workers.js'
export { DEFAULT_TASK_QUEUES, FALLBACK_QUEUE_NAME, SandboxWorkflow, type TaskQueueConfig } from './workflow.js'
