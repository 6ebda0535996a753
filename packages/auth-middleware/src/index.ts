export { buildApp, REDACTED_PATHS, type BuildAppOptions } from './app.js'
export {
  ConfigError,
  loadConfig,
  type AppConfig,
  type AssistantConfig,
  type ChatApi,
  type FlexMode,
  type SandboxConfig,
  type TwilioConfig,
  type VisitorJwtConfig,
  type WatsonConfig,
} from './config/config.js'
export type { AccessToken, Availability, ChatRef, Escalation, FlexGateway } from './flex/gateway.js'
export { createFlexGateway } from './flex/create-gateway.js'
export { createTwilioGateway } from './flex/twilio/twilio-gateway.js'
export { SandboxGateway, type SandboxGatewayOptions } from './flex/sandbox/sandbox-gateway.js'
export { sandboxHub, type SandboxHubOptions } from './flex/sandbox/hub/hub.js'
export { DEFAULT_HUB_LIMITS, type HubLimits } from './flex/sandbox/hub/limits.js'
