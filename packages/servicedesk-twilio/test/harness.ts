/** Builds a desk wired to a host double, the msw middleware and a `FakeTransport`. */
import { createTwilioFlexServiceDesk, type TwilioFlexServiceDesk, type TwilioFlexServiceDeskOptions } from '../src/index.js'
import { FakeTransport } from './fake-transport.js'
import type { TestHost } from './hosts.js'
import { MIDDLEWARE, VISITOR } from './middleware.js'

export const AGENT = 'agent-ana'
export const AGENT_2 = 'agent-ben'

export const connectMessage = {
  output: {
    generic: [
      { response_type: 'text', text: 'Let me get a colleague.' },
      {
        response_type: 'connect_to_agent',
        topic: 'billing',
        message_to_human_agent: 'Visitor asks about an invoice',
        transfer_info: {
          summary_message_to_agent: [{ response_type: 'text', text: 'Visitor: my invoice is wrong' }],
          session_history_key: 'shk-1',
          additional_data: { plan: 'gold', 'not a valid key!': 'dropped' },
        },
      },
    ],
  },
}

export const silentLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }

export interface Harness {
  desk: TwilioFlexServiceDesk
  host: TestHost
  transport: FakeTransport
  /** How many transports the desk loaded. */
  loads: () => number
}

export async function buildDesk(
  host: TestHost,
  options: Partial<TwilioFlexServiceDeskOptions> = {},
  persistedState?: unknown,
): Promise<Harness> {
  const transport = new FakeTransport()
  let loads = 0
  const loader = async () => {
    loads += 1
    return transport
  }
  const factory = createTwilioFlexServiceDesk(
    { middlewareUrl: MIDDLEWARE, logger: silentLogger, ...options },
    { transports: { conversations: loader, 'programmable-chat': loader } },
  )
  const desk = await factory({ callback: host.callback, persistedState, instance: host.instance })
  host.attach?.(desk)
  return { desk, host, transport, loads: () => loads }
}

/** A desk with a started chat, waiting for an agent. */
export async function startedDesk(host: TestHost, options: Partial<TwilioFlexServiceDeskOptions> = {}): Promise<Harness> {
  const harness = await buildDesk(host, options)
  await harness.desk.startChat(connectMessage, {})
  return harness
}

/** Node's own `setImmediate`, taken before any test installs fake timers (which may replace the global). */
const realSetImmediate = globalThis.setImmediate

/**
 * Lets the desk finish what the test set off: every promise chain already started runs to its end. The desk's
 * work on a `FakeTransport` event or an msw answer is promise reactions only (msw's fetch interception starts
 * no timer or I/O), and Node runs every microtask, including those queued meanwhile, before the next macrotask:
 * so one real `setImmediate` turn ends after all of it, however slow the machine. Timers the desk starts (the
 * transfer grace, the queue poll) are not waited for: tests advance fake timers for those. It never advances a
 * fake clock, so it works with real and fake timers alike.
 */
export async function flush(): Promise<void> {
  await new Promise<void>((resolve) => realSetImmediate(() => resolve()))
}

export { VISITOR }
