import { PRESENCE_NOTICE_AUTHOR, PRESENCE_NOTICE_KIND } from '@flex-escalate/api/transcript'
import { type Clock, FlexSandbox, type FlexSandboxOptions, type HubLimits, sandboxHub } from '@flex-escalate/flex-sandbox'
import type { FastifyBaseLogger } from 'fastify'
import type { AppConfig } from '../config/config.js'
import { HttpError } from '../errors/http-errors.js'
import type { FlexGateway } from './gateway.js'

/** How the app builds the sandbox gateway; every field is for tests and the bench, none for operators. */
export interface SandboxGatewayOptions {
  log?: FastifyBaseLogger | undefined
  /** The sandbox's time (its timers and tokens). Default: the real clock. */
  clock?: Clock | undefined
  /** Overrides of the hub's limits and timers (tests shorten them, the bench raises them). */
  hubLimits?: Partial<HubLimits> | undefined
  /** Overrides of the sandbox's own options (e.g. `maxMessagesPerChat` for load tests). */
  sandbox?: Partial<FlexSandboxOptions> | undefined
}

/** The sandbox gateway, with the sandbox it drives (tests and the bench add agents and read its state). */
export interface SandboxFlexGateway extends FlexGateway {
  readonly transport: 'sandbox'
  readonly sandbox: FlexSandbox
}

/**
 * The local Flex sandbox (`@flex-escalate/flex-sandbox`) behind {@link FlexGateway}. This module is only
 * ever loaded with `import()` when the configuration picks the sandbox (create-gateway.ts), so a
 * deployment on Twilio never loads the sandbox package.
 *
 * @example
 * const gateway = createSandboxGateway(loadConfig({ SESSION_TOKEN_SECRET }))
 * await gateway.startChat({ identity: 'anon_1', topic: 'billing' })
 */
export function createSandboxGateway(config: AppConfig, options: SandboxGatewayOptions = {}): SandboxFlexGateway {
  const { log } = options
  const sandbox = new FlexSandbox({
    sessionSecret: config.session.secret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    reservationTimeoutSeconds: config.sandbox?.reservationTimeoutSeconds ?? 30,
    workflowTimeoutSeconds: config.sandbox?.workflowTimeoutSeconds,
    clock: options.clock,
    // A bug in one listener (a socket, the wiring) is logged; it must not take the server down.
    onListenerError: log && ((err, event) => log.error({ err, event }, 'sandbox event listener failed')),
    ...options.sandbox,
  })
  const limits = options.hubLimits
  return {
    transport: 'sandbox',
    sandbox,
    openChats: () => sandbox.chats.openChatCount(),
    routes: async (app) => {
      // The sockets take the pages HTTP takes: a page not in ALLOWED_ORIGINS gets no socket either.
      await app.register(sandboxHub, { sandbox, limits, allowedOrigins: config.allowedOrigins })
    },
    async startChat(escalation) {
      try {
        return { transport: 'sandbox', ...sandbox.startChat(escalation) }
      } catch (err) {
        throw new HttpError(503, 'Service Unavailable', (err as Error).message)
      }
    },
    async endChat(chat) {
      sandbox.endChat(chat.chatSid)
    },
    mintAccessToken: (identity) => sandbox.mintAccessToken(identity),
    async availability(topic, chat) {
      return sandbox.availability(topic, chat)
    },
    async chatPhase(chat) {
      return sandbox.chatPhase(chat.chatSid)
    },
    async rateChat(chat, rating) {
      return sandbox.rateChat(chat, rating)
    },
    async notifyAgent(chat, notice) {
      const since = notice.kind === 'left' ? notice.since.getTime() : undefined
      sandbox.noteVisitorPresence(chat.chatSid, {
        away: notice.kind === 'left' ? { since: notice.since.getTime(), endsAt: notice.endsAt.getTime() } : undefined,
        message: {
          author: PRESENCE_NOTICE_AUTHOR,
          body: notice.text,
          // The sandbox posts nothing twice for one messageId: a repeated "left" of the same departure is one message.
          attributes: { kind: PRESENCE_NOTICE_KIND, presence: notice.kind, ...(since !== undefined ? { messageId: `left-${since}` } : {}) },
        },
      })
    },
    async close() {
      sandbox.close()
    },
  }
}
