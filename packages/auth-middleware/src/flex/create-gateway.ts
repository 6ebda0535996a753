import type { FastifyBaseLogger } from 'fastify'
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
export function createFlexGateway(config: AppConfig, options: { log?: FastifyBaseLogger } = {}): FlexGateway {
  const { log } = options
  if (config.flexMode === 'twilio') return createTwilioGateway(config, { log })
  return new SandboxGateway({
    sessionSecret: config.session.secret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    reservationTimeoutSeconds: config.sandbox?.reservationTimeoutSeconds ?? 30,
    // A bug in one listener (a socket, the wiring) is logged; it must not take the server down.
    onListenerError: log && ((err, event) => log.error({ err, event }, 'sandbox event listener failed')),
  })
}
