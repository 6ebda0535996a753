/**
 * `@flex-escalate/servicedesk-twilio`: a ServiceDesk for IBM watsonx Assistant web chat (v7, v8) and
 * `@carbon/ai-chat` that hands the visitor over to a human agent in Twilio Flex.
 */
export { type AdvancedOptions, createTwilioFlexServiceDesk, type ServiceDeskFactory } from './create-service-desk.js'
export type { PersistedChat } from './desk/persisted-state.js'
export { TwilioFlexServiceDesk } from './desk/service-desk.js'
export type {
  HostAdditionalData,
  HostAgentAvailability,
  HostAgentProfile,
  HostCallback,
  HostCapabilities,
  HostEndChatInfo,
  HostErrorInfo,
  HostFactoryParameters,
  HostFileUpload,
  HostMessageRequest,
  HostMessageResponse,
  HostStartChatOptions,
  HostTextResponse,
} from './host/host-types.js'
export { ErrorType } from './host/host-types.js'
export { SUPPORTED_LOCALES } from './i18n/catalogs.js'
export { type Catalog, en as englishCatalog, type MessageKey } from './i18n/en.js'
export type { Logger } from './logger.js'
export { MiddlewareError } from './middleware/middleware-error.js'
export type { FileUploadOptions, TwilioFlexServiceDeskOptions } from './options.js'
export type {
  ChatMedia,
  ChatMember,
  ChatMessage,
  ChatSnapshot,
  ChatTransport,
  ChatTransportEvents,
  ConnectionState,
  ConnectParams,
  MemberProfile,
  OutgoingAttributes,
  TransportLoader,
  TransportName,
} from './transports/chat-transport.js'
