export { buildApp, REDACTED_PATHS, type BuildAppOptions } from './app.js'
export { ConfigError, loadConfig, type AppConfig, type ChatApi, type TwilioConfig, type VisitorJwtConfig } from './config/config.js'
export type { AccessToken, Availability, ChatRef, Escalation, FlexGateway } from './flex/gateway.js'
export { createTwilioGateway } from './flex/twilio/twilio-gateway.js'
