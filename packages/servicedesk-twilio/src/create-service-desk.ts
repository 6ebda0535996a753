import { TwilioFlexServiceDesk } from './desk/service-desk.js'
import type { HostFactoryParameters } from './host/host-types.js'
import { loadPhrasebook } from './i18n/visitor-locale.js'
import { MiddlewareClient } from './middleware/middleware-client.js'
import { resolveOptions, type TwilioFlexServiceDeskOptions } from './options.js'
import type { TransportLoader, TransportName } from './transports/chat-transport.js'
import { defaultTransports } from './transports/registry.js'

/** What the hosts expect as `serviceDeskFactory`. */
export type ServiceDeskFactory = (parameters: HostFactoryParameters) => Promise<TwilioFlexServiceDesk>

/** For integrations and tests: replace or add transports (e.g. a `sandbox` one). */
export interface AdvancedOptions {
  transports?: Partial<Record<TransportName, TransportLoader>>
  /** The visitor's clock, for the closed sentence's "tomorrow" or weekday (tests). Default: the real one. */
  now?: () => Date
}

const factories = new WeakMap<TwilioFlexServiceDeskOptions, ServiceDeskFactory>()

/**
 * Validates the options and returns the `serviceDeskFactory` to hand to the host. Call it once (module scope
 * or `useMemo`): the same options object always gives the same factory, because a new factory identity makes
 * Carbon end a live chat. Throws an `Error` naming the wrong option.
 *
 * @example
 * const serviceDeskFactory = createTwilioFlexServiceDesk({ middlewareUrl: 'https://support.example.com' })
 * window.watsonAssistantChatOptions = { integrationID, region, serviceInstanceID, serviceDeskFactory }
 */
export function createTwilioFlexServiceDesk(options: TwilioFlexServiceDeskOptions, advanced: AdvancedOptions = {}): ServiceDeskFactory {
  const cached = advanced.transports ? undefined : factories.get(options)
  if (cached) return cached
  const resolved = resolveOptions(options)
  const deps = {
    middleware: new MiddlewareClient(resolved.middlewareUrl),
    transports: { ...defaultTransports, ...advanced.transports } as Record<TransportName, TransportLoader>,
    ...(advanced.now ? { now: advanced.now } : {}),
  }
  // The visitor's catalog is its own chunk: fetched once, when the host first creates a desk.
  let phrasebook: ReturnType<typeof loadPhrasebook> | undefined
  const factory: ServiceDeskFactory = async (parameters) => {
    phrasebook ??= loadPhrasebook(resolved.locale, resolved.messages, resolved.logger)
    return new TwilioFlexServiceDesk(parameters, { ...resolved, phrasebook: await phrasebook }, deps)
  }
  if (!advanced.transports) factories.set(options, factory)
  return factory
}
