import type { FastifyBaseLogger } from 'fastify'
import type { AppConfig } from '../config/config.js'
import type { FlexGateway } from './gateway.js'
import type { SandboxGatewayOptions } from './sandbox-gateway.js'
import type { TwilioCallObserver } from './twilio/twilio-call.js'
import { createTwilioGateway } from './twilio/twilio-gateway.js'

export interface CreateFlexGatewayOptions {
  log?: FastifyBaseLogger | undefined
  /**
   * The time of either implementation (tests): the sandbox's timers and tokens, or the Twilio availability
   * cache. Default: the real clock.
   */
  clock?: SandboxGatewayOptions['clock']
  /** Overrides of the sandbox hub's limits; ignored on Twilio. */
  hubLimits?: SandboxGatewayOptions['hubLimits']
  /** What the metrics hear of Twilio calls; the sandbox makes none. */
  twilioObserver?: TwilioCallObserver | undefined
}

/**
 * The one place the Flex implementation is chosen, once, at start-up, from `config.flexMode`. The sandbox
 * is loaded with `import()` only when it is chosen: a deployment on Twilio never loads
 * `@flex-escalate/flex-sandbox` (nor keeps its code in memory).
 *
 * @example
 * const gateway = await createFlexGateway(loadConfig(process.env)) // the sandbox without TWILIO_* variables
 */
export async function createFlexGateway(config: AppConfig, options: CreateFlexGatewayOptions = {}): Promise<FlexGateway> {
  const { log, clock } = options
  if (config.flexMode === 'twilio')
    return createTwilioGateway(config, { log, now: clock && (() => clock.now()), observe: options.twilioObserver })
  const { createSandboxGateway } = await import('./sandbox-gateway.js')
  return createSandboxGateway(config, { log, clock, hubLimits: options.hubLimits })
}
