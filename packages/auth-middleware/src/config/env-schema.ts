import { z } from 'zod'
import { isoDuration } from './iso-duration.js'
import { OPENING_HOURS_BY_TOPIC_FORM, OPENING_HOURS_FORM } from './opening-hours-config.js'
import { bool, httpsUrl, integer, list, optionalSid, secret, text, variable } from './variables.js'

/**
 * Every variable the middleware reads, with its form and default. Twilio's are optional here: whether they
 * are required depends on the Flex mode, decided after parsing (see flex-mode.ts).
 */
export const envSchema = z.object({
  NODE_ENV: variable('NODE_ENV', 'development, production or test', z.enum(['development', 'production', 'test'])).default('development'),
  HOST: variable('HOST', 'a host name or IP address', z.string().min(1)).default('127.0.0.1'),
  PORT: integer('PORT', 0, 65535, 4000),
  LOG_LEVEL: variable(
    'LOG_LEVEL',
    'one of fatal, error, warn, info, debug, trace, silent',
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  ).default('info'),
  ALLOWED_ORIGINS: list('ALLOWED_ORIGINS', 'a comma-separated list of origins such as https://www.example.com'),
  TRUST_PROXY: bool('TRUST_PROXY', false),
  BODY_LIMIT_BYTES: integer('BODY_LIMIT_BYTES', 1024, 1_048_576, 65_536),
  ACCESS_TOKEN_TTL_SECONDS: integer('ACCESS_TOKEN_TTL_SECONDS', 60, 86_400, 3600),
  SESSION_TOKEN_SECRET: secret('SESSION_TOKEN_SECRET', 32),
  SESSION_TOKEN_TTL_SECONDS: integer('SESSION_TOKEN_TTL_SECONDS', 300, 7 * 86_400, 86_400),
  VISITOR_JWT_SECRET: secret('VISITOR_JWT_SECRET', 32).optional(),
  VISITOR_JWT_PUBLIC_KEY: variable(
    'VISITOR_JWT_PUBLIC_KEY',
    'a PEM public key (-----BEGIN PUBLIC KEY-----...)',
    z.string().regex(/-----BEGIN [A-Z ]*PUBLIC KEY-----/),
  ).optional(),
  VISITOR_JWT_ALGORITHMS: list('VISITOR_JWT_ALGORITHMS', 'a comma-separated list such as HS256 or RS256,ES256'),
  VISITOR_JWT_ISSUER: text('VISITOR_JWT_ISSUER').optional(),
  VISITOR_JWT_AUDIENCE: text('VISITOR_JWT_AUDIENCE').optional(),
  VISITOR_JWT_REQUIRED: bool('VISITOR_JWT_REQUIRED', false),
  AVAILABILITY_CACHE_SECONDS: integer('AVAILABILITY_CACHE_SECONDS', 1, 300, 10),
  FLEX_MODE: variable('FLEX_MODE', 'auto, twilio or sandbox', z.enum(['auto', 'twilio', 'sandbox'])).default('auto'),
  TWILIO_CHAT_API: variable(
    'TWILIO_CHAT_API',
    'conversations or programmable-chat',
    z.enum(['conversations', 'programmable-chat']),
  ).default('conversations'),
  TWILIO_ACCOUNT_SID: optionalSid('TWILIO_ACCOUNT_SID', 'AC'),
  TWILIO_API_KEY_SID: optionalSid('TWILIO_API_KEY_SID', 'SK'),
  TWILIO_API_KEY_SECRET: secret('TWILIO_API_KEY_SECRET', 32).optional(),
  TWILIO_AUTH_TOKEN: variable('TWILIO_AUTH_TOKEN', '32 hex characters', z.string().regex(/^[0-9a-fA-F]{32}$/)).optional(),
  TWILIO_CHAT_SERVICE_SID: optionalSid('TWILIO_CHAT_SERVICE_SID', 'IS'),
  TWILIO_FLEX_FLOW_SID: optionalSid('TWILIO_FLEX_FLOW_SID', 'FO'),
  TWILIO_WORKSPACE_SID: optionalSid('TWILIO_WORKSPACE_SID', 'WS'),
  TWILIO_WORKFLOW_SID: optionalSid('TWILIO_WORKFLOW_SID', 'WW'),
  TWILIO_QUEUE_SID: optionalSid('TWILIO_QUEUE_SID', 'WQ'),
  TWILIO_TOPIC_QUEUES: list('TWILIO_TOPIC_QUEUES', 'a comma-separated list of topic=WQ... pairs'),
  TWILIO_TIMEOUT_MS: integer('TWILIO_TIMEOUT_MS', 500, 60_000, 10_000),
  TWILIO_RETRY_BUDGET_MS: integer('TWILIO_RETRY_BUDGET_MS', 0, 60_000, 3000),
  TWILIO_MAX_SOCKETS: integer('TWILIO_MAX_SOCKETS', 1, 1000, 100),
  // Twilio's minimums: 1 minute to inactive, 10 minutes to closed (the ConversationWithParticipants resource).
  TWILIO_CONVERSATION_INACTIVE_AFTER: isoDuration('TWILIO_CONVERSATION_INACTIVE_AFTER', 60, 'PT1H'),
  TWILIO_CONVERSATION_CLOSED_AFTER: isoDuration('TWILIO_CONVERSATION_CLOSED_AFTER', 600, 'P1D'),
  // The base URL, not a webhook's: each webhook adds its own path (webhooks/webhook-paths.ts).
  TWILIO_WEBHOOK_URL: httpsUrl('TWILIO_WEBHOOK_URL')
    .refine((url) => !new URL(url).pathname.includes('/webhooks/'), {
      error:
        'TWILIO_WEBHOOK_URL must be the public base URL of this server (e.g. https://chat.example.com), without /webhooks/...: each webhook adds its own path',
    })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  RATE_LIMIT_AUTH_PER_MINUTE: integer('RATE_LIMIT_AUTH_PER_MINUTE', 1, 100_000, 30),
  RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE: integer('RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE', 1, 100_000, 10),
  METRICS_TOKEN: secret('METRICS_TOKEN', 32).optional(),
  METRICS_PORT: variable('METRICS_PORT', 'a whole number from 1 to 65535', z.coerce.number().int().min(1).max(65_535)).optional(),
  REDIS_URL: variable('REDIS_URL', 'a redis:// or rediss:// URL', z.string().regex(/^rediss?:\/\/\S+$/)).optional(),
  OPENING_HOURS: variable('OPENING_HOURS', OPENING_HOURS_FORM, z.string()).optional(),
  OPENING_HOURS_BY_TOPIC: variable('OPENING_HOURS_BY_TOPIC', OPENING_HOURS_BY_TOPIC_FORM, z.string()).optional(),
  OPENING_HOURS_TEST_NOW: variable(
    'OPENING_HOURS_TEST_NOW',
    'an ISO 8601 instant such as 2026-12-04T17:30:00+01:00',
    z.iso.datetime({ offset: true }),
  )
    .transform((text) => new Date(text))
    .optional(),
  SANDBOX_RESERVATION_TIMEOUT_SECONDS: integer('SANDBOX_RESERVATION_TIMEOUT_SECONDS', 1, 600, 30),
  SANDBOX_WORKFLOW_TIMEOUT_SECONDS: integer('SANDBOX_WORKFLOW_TIMEOUT_SECONDS', 0, 86_400, 600),
  VISITOR_PRESENCE_TIMEOUT_SECONDS: integer('VISITOR_PRESENCE_TIMEOUT_SECONDS', 3, 3600, 90),
  VISITOR_LEAVING_GRACE_SECONDS: integer('VISITOR_LEAVING_GRACE_SECONDS', 1, 600, 20),
  VISITOR_IDLE_END_SECONDS: integer('VISITOR_IDLE_END_SECONDS', 0, 86_400, 300),
  WATSON_API_KEY: secret('WATSON_API_KEY', 20).optional(),
  WATSON_SERVICE_URL: httpsUrl('WATSON_SERVICE_URL').optional(),
  WATSON_ASSISTANT_ID: text('WATSON_ASSISTANT_ID').optional(),
  WATSON_ENVIRONMENT_ID: text('WATSON_ENVIRONMENT_ID').optional(),
  WATSON_VERSION: variable('WATSON_VERSION', 'an API version date such as 2024-08-25', z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default(
    '2024-08-25',
  ),
})

export type Env = z.output<typeof envSchema>
