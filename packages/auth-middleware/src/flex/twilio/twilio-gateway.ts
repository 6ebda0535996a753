import type { FastifyBaseLogger } from 'fastify'
import twilio from 'twilio'
import type { AppConfig } from '../../config/config.js'
import type { FlexGateway } from '../gateway.js'
import { createAccessTokenMinter } from './access-token.js'
import { createConversationsChat } from './conversations-chat.js'
import { createMediaContent } from './media-content.js'
import { createProgrammableChat } from './programmable-chat.js'
import { createQueueStatistics } from './queue-statistics.js'
import { RetryAfterClient } from './retry-after-client.js'
import { createTaskPhase } from './task-phase.js'
import { createTaskRating } from './task-rating.js'
import type { TwilioCallObserver } from './twilio-call.js'

/**
 * The Twilio implementation of {@link FlexGateway}. One SDK client per process (it keeps its HTTPS
 * connections alive), authenticated with an API Key rather than the account's Auth Token. `options.now`
 * is the availability cache's clock (default: lru-cache's own), injected by tests.
 *
 * @example
 * const gateway = createTwilioGateway(loadConfig(process.env))
 * const chat = await gateway.startChat({ identity: 'anon_1', topic: 'billing' })
 */
export function createTwilioGateway(
  config: AppConfig,
  options: { log?: FastifyBaseLogger | undefined; now?: (() => number) | undefined; observe?: TwilioCallObserver | undefined } = {},
): FlexGateway {
  const settings = config.twilio
  if (!settings) {
    throw new Error(
      `Failed to create the Twilio gateway: the configuration is in ${config.flexMode} mode, without Twilio settings. Please set the TWILIO_* variables (and FLEX_MODE=auto or twilio).`,
    )
  }
  const client = twilio(settings.apiKeySid, settings.apiKeySecret, {
    accountSid: settings.accountSid,
    // Our own client: the SDK's default one, with our retries on top, keeps the Retry-After header it reads.
    // The SDK's pool defaults (20 sockets per host, 5 kept when idle) cap Twilio calls at 20 per round trip
    // (about 130/s at Twilio's ~150 ms) and reconnect, a TLS handshake each, for every call beyond 5 at a
    // time. Keep every socket the pool may open.
    httpClient: new RetryAfterClient({
      timeout: settings.requestTimeoutMs,
      maxSockets: settings.maxSockets,
      maxFreeSockets: settings.maxSockets,
      // The pool is shared by the hosts we call (conversations, flex-api, taskrouter, chat).
      maxTotalSockets: settings.maxSockets * 4,
    }),
  })
  const chats =
    settings.chatApi === 'conversations'
      ? createConversationsChat(client, settings, options.log, options.observe)
      : createProgrammableChat(client, settings, options.observe)
  const queues = createQueueStatistics(client, settings, config.availabilityCacheSeconds, { now: options.now, observe: options.observe })

  return {
    transport: settings.chatApi,
    startChat: (escalation) => chats.start(escalation, queues.queueFor(escalation.topic)),
    endChat: (chat) => chats.end(chat),
    mintAccessToken: createAccessTokenMinter(settings, config.accessTokenTtlSeconds),
    availability: (topic, chat) => queues.availability(topic, chat),
    chatPhase: createTaskPhase(client, settings, options.observe),
    rateChat: createTaskRating(client, settings, options.observe),
    mediaContent: createMediaContent(client, settings, options.observe),
    notifyAgent: (chat, notice) => chats.notify(chat, notice),
    giveUp: (chat, reason) => chats.giveUp(chat, reason),
  }
}
