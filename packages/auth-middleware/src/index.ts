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
export { type CreateFlexGatewayOptions, createFlexGateway } from './flex/create-gateway.js'
export type { AccessToken, Availability, ChatRef, Escalation, FlexGateway } from './flex/gateway.js'
export type { SandboxFlexGateway, SandboxGatewayOptions } from './flex/sandbox-gateway.js'
export { createAccessTokenMinter } from './flex/twilio/access-token.js'
export { createTwilioGateway } from './flex/twilio/twilio-gateway.js'
