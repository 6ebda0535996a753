export { type BuildAppOptions, buildApp, REDACTED_PATHS } from './app.js'
export {
  type AppConfig,
  type AssistantConfig,
  type ChatApi,
  ConfigError,
  type FlexMode,
  loadConfig,
  type SandboxConfig,
  type TwilioConfig,
  type VisitorJwtConfig,
  type WatsonConfig,
} from './config/config.js'
export { createFlexGateway } from './flex/create-gateway.js'
export type { AccessToken, Availability, ChatRef, Escalation, FlexGateway } from './flex/gateway.js'
export { type SandboxHubOptions, sandboxHub } from './flex/sandbox/hub/hub.js'
export { DEFAULT_HUB_LIMITS, type HubLimits } from './flex/sandbox/hub/limits.js'
export { SandboxGateway, type SandboxGatewayOptions } from './flex/sandbox/sandbox-gateway.js'
export { createTwilioGateway } from './flex/twilio/twilio-gateway.js'
