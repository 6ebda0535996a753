import cors from '@fastify/cors'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import type { DestinationStream } from 'pino'
import { authRateLimit } from './abuse/auth-rate-limit.js'
import { assistantRoutes } from './assistant/assistant-routes.js'
import type { AppConfig } from './config/config.js'
import { errorHandler } from './errors/error-handler.js'
import { createFlexGateway } from './flex/create-gateway.js'
import type { FlexGateway } from './flex/gateway.js'
import type { SandboxGatewayOptions } from './flex/sandbox-gateway.js'
import { createOpeningGate, type OpeningGate } from './hours/opening-gate.js'
import { createSessionTokens, type SessionTokens } from './identity/session-token.js'
import { createVisitorIdentityResolver, type VisitorIdentityResolver } from './identity/visitor-identity.js'
import { mediaRoutes } from './media/media-routes.js'
import { createMetrics } from './metrics/metrics.js'
import { metricsPlugin } from './metrics/metrics-plugin.js'
import { openApi } from './openapi/openapi.js'
import { presence } from './presence/presence-plugin.js'
import { presenceRoutes } from './presence/presence-routes.js'
import { authRoutes } from './routes/auth.js'
import { availabilityRoutes } from './routes/availability.js'
import { chatRoutes } from './routes/chats.js'
import { healthRoutes } from './routes/health.js'
import { ratingRoutes } from './routes/rating.js'
import { ClosedChats } from './webhooks/closed-chats.js'
import { conversationsWebhook } from './webhooks/conversations-webhook.js'
import { taskRouterWebhook } from './webhooks/taskrouter-webhook.js'
import { CONVERSATIONS_WEBHOOK_PATH, publicWebhookUrl, TASKROUTER_WEBHOOK_PATH } from './webhooks/webhook-paths.js'

declare module 'fastify' {
  interface FastifyInstance {
    flex: FlexGateway
    sessions: SessionTokens
    visitors: VisitorIdentityResolver
    /** Chats Twilio's webhooks reported closed: answered without calling Twilio again. */
    closedChats: ClosedChats
    /** The configured opening hours, asked before Flex is (src/hours/). */
    openingHours: OpeningGate
  }
}

export interface BuildAppOptions {
  /** Replaces the gateway chosen from configuration (a test double, or a sandbox with test settings). */
  gateway?: FlexGateway
  /** Overrides of the sandbox hub's limits and timers (tests shorten them). Ignored with `gateway`. */
  sandboxHub?: SandboxGatewayOptions['hubLimits']
  /**
   * The time of the gateway built from configuration (the sandbox's timers and tokens, the Twilio
   * availability cache), so that tests advance a manual clock instead of waiting. Default: the real one.
   * Ignored with `gateway`, which brings its own; the presence sweeper runs on it in both cases.
   */
  clock?: SandboxGatewayOptions['clock']
  /** Where log lines go (default: stdout). */
  logStream?: DestinationStream
}

/**
 * Paths pino blanks out: credentials must never reach a log line, whatever a future log call passes.
 * https://getpino.io/#/docs/redaction
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.token',
  '*.sessionToken',
  '*.authToken',
  '*.apiKeySecret',
  '*.secret',
  '*.password',
  '*.sandboxToken',
  '*.accessToken',
  '*.apiKey',
  'req.headers["x-twilio-signature"]',
]

/**
 * Builds the middleware from a parsed configuration. Nothing listens until you call `listen`;
 * tests use `app.inject()`.
 *
 * @example
 * const app = await buildApp(loadConfig(process.env))
 * await app.listen({ host: '127.0.0.1', port: 4000 })
 */
export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    ajv: {
      // Unknown fields are an error the caller should hear about, not something to drop silently;
      // and "5" is not a string field's value, so no type coercion either.
      // (Fastify's ajv compiler already adds ajv-formats for `date-time` and friends.)
      customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  const metrics = createMetrics()
  const flex =
    options.gateway ??
    (await createFlexGateway(config, { log: app.log, clock: options.clock, hubLimits: options.sandboxHub, twilioObserver: metrics.twilio }))
  if (flex.openChats) metrics.countOpenChats(() => flex.openChats?.() ?? 0)
  app.decorate('flex', flex)
  app.decorate('sessions', createSessionTokens(config.session))
  app.decorate('visitors', createVisitorIdentityResolver(config.visitorJwt))
  app.decorate('closedChats', new ClosedChats({ ttlSeconds: config.session.ttlSeconds }))
  const clock = options.clock
  app.decorate('openingHours', createOpeningGate(config.openingHours, clock ? () => clock.now() : undefined))

  // A JSON API: Fastify's default text/plain parser would let `topic=billing` through as a string body.
  app.removeContentTypeParser('text/plain')
  await app.register(errorHandler)
  // First: its onRoute hook must see every route registered after it.
  await app.register(openApi, { referencePage: config.nodeEnv !== 'production' })
  await app.register(cors, {
    origin: config.allowedOrigins.includes('*') ? true : config.allowedOrigins.length > 0 ? [...config.allowedOrigins] : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  })
  // @fastify/cors still answers an unlisted origin's preflight with allow-methods/-headers/max-age. Without
  // allow-origin they grant nothing, but an unlisted origin should learn nothing either: drop them.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('access-control-allow-origin')) {
      for (const name of Object.keys(reply.getHeaders())) if (name.startsWith('access-control-')) reply.removeHeader(name)
    }
    return payload
  })
  await app.register(metricsPlugin, { settings: config.metrics, metrics, host: config.host })
  await app.register(authRateLimit, { limits: config.rateLimit, visitors: app.visitors })
  await app.register(healthRoutes)
  await app.register(authRoutes)
  await app.register(presence, { settings: config.presence, clock: options.clock })
  await app.register(presenceRoutes, { heartbeatSeconds: config.presence.heartbeatSeconds })
  await app.register(chatRoutes)
  await app.register(ratingRoutes)
  await app.register(mediaRoutes, { secret: config.session.secret })
  await app.register(availabilityRoutes)
  await app.register(assistantRoutes, { watson: config.assistant.watson })
  // Webhooks can only be trusted with the Auth Token that signs them: without it there is no webhook route.
  if (config.twilio?.authToken) {
    const { authToken, webhookUrl } = config.twilio
    await app.register(conversationsWebhook, {
      authToken,
      publicUrl: publicWebhookUrl(webhookUrl, CONVERSATIONS_WEBHOOK_PATH),
      closedChats: app.closedChats,
    })
    if (flex.giveUp) {
      await app.register(taskRouterWebhook, {
        authToken,
        publicUrl: publicWebhookUrl(webhookUrl, TASKROUTER_WEBHOOK_PATH),
        workspaceSid: config.twilio.workspaceSid,
        closedChats: app.closedChats,
        giveUp: flex.giveUp,
        metrics,
      })
    }
  }
  // Whatever the gateway serves itself: the sandbox's sockets, which exist only with the sandbox.
  if (flex.routes) await app.register(flex.routes)

  app.addHook('onClose', async () => {
    await app.flex.close?.()
  })
  return app
}
