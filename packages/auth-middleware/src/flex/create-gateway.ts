import type { FastifyBaseLogger } from 'fastify'
import type { AppConfig } from '../config/config.js'
import type { FlexGateway } from './gateway.js'
import type { Clock } from './sandbox/clock.js'
import { SandboxGateway } from './sandbox/sandbox-gateway.js'
import { createTwilioGateway } from './twilio/twilio-gateway.js'

/**
 * The one place the Flex implementation is chosen, once, at start-up, from `config.flexMode`. `options.clock`
 * (tests) is the time of either: the sandbox's timers and tokens, or the Twilio availability cache.
 *
 * @example
 * const gateway = createFlexGateway(loadConfig(process.env)) // a SandboxGateway without TWILIO_* variables
 */
export function createFlexGateway(
  config: AppConfig,
  options: { log?: FastifyBaseLogger | undefined; clock?: Clock | undefined } = {},
): FlexGateway {
  const { log, clock } = options
  if (config.flexMode === 'twilio') return createTwilioGateway(config, { log, now: clock && (() => clock.now()) })
  return new SandboxGateway({
    sessionSecret: config.session.secret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    reservationTimeoutSeconds: config.sandbox?.reservationTimeoutSeconds ?? 30,
    clock,
    // A bug in one listener (a socket, the wiring) is logged; it must not take the server down.
    onListenerError: log && ((err, event) => log.error({ err, event }, 'sandbox event listener failed')),
  })
}
