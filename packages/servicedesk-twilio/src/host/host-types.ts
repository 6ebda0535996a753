/**
 * The shapes the three hosts (watsonx Assistant web chat v7, v8 and `@carbon/ai-chat` 1.x) exchange with a
 * service desk, written as the widest type all three satisfy. Members only some hosts have are optional and
 * feature-detected by `HostCallbacks`.
 */

/** The hosts' `ErrorType` enum; the values are the same in all three. */
export const ErrorType = { CONNECTING: 1, DISCONNECTED: 2, USER_MESSAGE: 3 } as const

/** An agent as the hosts display it. Carbon needs `user_type: 'human'`; v7 and v8 ignore it. */
export interface HostAgentProfile {
  id: string
  nickname: string
  profile_picture_url?: string
  user_type?: string
}

/** Queue information; v7/v8 read snake_case, Carbon camelCase. Wait times are in minutes. */
export interface HostAgentAvailability {
  positionInQueue?: number
  position_in_queue?: number
  estimatedWaitTime?: number
  estimated_wait_time?: number
  message?: string
}

export type HostErrorInfo =
  | { type: typeof ErrorType.CONNECTING; messageToUser?: string; logInfo?: unknown }
  | { type: typeof ErrorType.DISCONNECTED; isDisconnected: boolean; logInfo?: unknown }
  | { type: typeof ErrorType.USER_MESSAGE; messageID: string; logInfo?: unknown }

export interface HostCapabilities {
  allowFileUploads?: boolean
  allowMultipleFileUploads?: boolean
  allowedFileUploadTypes?: string
}

/**
 * A text message response, the one message shape every host renders. `agent_message_type` (v8, Carbon) makes
 * an item a status line of the agent chat (`chat_was_ended`, ...) rather than a message from the agent.
 */
export interface HostTextResponse {
  output: { generic?: Array<{ response_type: string; text?: string; agent_message_type?: string }> }
}

/**
 * What the host hands the service desk to talk back. Return values may be promises (v8, Carbon) or not (v7).
 */
export interface HostCallback {
  agentJoined(profile: HostAgentProfile): unknown
  agentLeftChat(): unknown
  agentEndedChat(): unknown
  agentTyping(isTyping: boolean): unknown
  agentReadMessages(): unknown
  sendMessageToUser(message: HostTextResponse | string, agentID?: string): unknown
  beginTransferToAnotherAgent(profile?: HostAgentProfile): unknown
  setErrorStatus(errorInfo: HostErrorInfo): unknown
  updateAgentAvailability(availability: HostAgentAvailability): unknown
  updateCapabilities?(capabilities: HostCapabilities): unknown
  setFileUploadStatus?(fileID: string, isError?: boolean, errorMessage?: string): unknown
  /** v8 and Carbon only. */
  updatePersistedState?(state: unknown, mergeWithCurrent?: boolean): unknown
  /** v8 and Carbon only. */
  persistedState?(): unknown
}

/** What the host passes to `serviceDeskFactory`. */
export interface HostFactoryParameters {
  callback: HostCallback
  /** v8 and Carbon: what `updatePersistedState` stored before the page was reloaded. */
  persistedState?: unknown
  /** The chat instance; Carbon's has `serviceDesk.endConversation()` (see `HostCallbacks.chatLost`). */
  instance?: unknown
}

/** The host's message response; `startChat` looks for the `connect_to_agent` item in `output.generic`. */
export interface HostMessageResponse {
  output?: { generic?: readonly unknown[] }
}

/** v8 adds `agentAppInfo`; Carbon adds `preStartChatPayload`. */
export interface HostStartChatOptions {
  agentAppInfo?: { sessionHistoryKey?: string }
  preStartChatPayload?: unknown
}

/** v8 says `endedByAgent`, Carbon `endedByHumanAgent`; v7 passes nothing. */
export interface HostEndChatInfo {
  endedByAgent?: boolean
  endedByHumanAgent?: boolean
  preEndChatPayload?: unknown
}

/** The visitor's message; the text may be empty when only files are sent. */
export interface HostMessageRequest {
  input?: { text?: string }
}

/** A file the visitor picked. */
export interface HostFileUpload {
  id: string
  file: File
}

export interface HostAdditionalData {
  filesToUpload?: HostFileUpload[]
}
