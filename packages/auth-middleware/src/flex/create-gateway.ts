import type { AppConfig } from '../config/config.js'
import type { FlexGateway } from './gateway.js'
import { SandboxGateway } from './sandbox/sandbox-gateway.js'
import { createTwilioGateway } from './twilio/twilio-gateway.js'

/**
 * The one place the Flex implementation is chosen, once, at start-up, from `config.flexMode`.
 *
 * @example
 * const gateway = createFlexGateway(loadConfig(process.env)) // a SandboxGateway without TWILIO_* variables
 */
export function createFlexGateway(config: AppConfig): FlexGateway {
  if (config.flexMode === 'twilio') return createTwilioGateway(config)
  return new SandboxGateway({
    sessionSecret: config.session.secret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    reservationTimeoutSeconds: config.sandbox?.reservationTimeoutSeconds ?? 30,
  })
}
