import { type AssistantConfig, toAssistantConfig } from './assistant-config.js'
import { type Env, envSchema } from './env-schema.js'
import { type FlexMode, resolveFlexMode } from './flex-mode.js'
import { type OpeningHoursConfig, toOpeningHoursConfig } from './opening-hours-config.js'
import { type PresenceConfig, toPresenceConfig } from './presence-config.js'
import { type SandboxConfig, toSandboxConfig } from './sandbox-config.js'
import { type TwilioConfig, toTwilioConfig } from './twilio-config.js'
import { fail, formOf } from './variables.js'

export type { AssistantConfig, WatsonConfig } from './assistant-config.js'
export type { FlexMode } from './flex-mode.js'
export type { OpeningHoursConfig } from './opening-hours-config.js'
export type { PresenceConfig } from './presence-config.js'
export type { SandboxConfig } from './sandbox-config.js'
export type { ChatApi, TwilioConfig } from './twilio-config.js'
export { ConfigError } from './variables.js'

export interface VisitorJwtConfig {
  /** HMAC secret or PEM public key; undefined when visitor JWTs are not configured. */
  key: string | undefined
  algorithms: readonly JwtAlgorithm[]
  issuer: string | undefined
  audience: string | undefined
  required: boolean
}

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test'
  host: string
  port: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  allowedOrigins: readonly string[]
  trustProxy: boolean
  bodyLimitBytes: number
  accessTokenTtlSeconds: number
  session: { secret: string; ttlSeconds: number }
  visitorJwt: VisitorJwtConfig
  availabilityCacheSeconds: number
  /** Decided once at start-up: see {@link resolveFlexMode}. */
  flexMode: FlexMode
  /** Present exactly in Twilio mode. */
  twilio: TwilioConfig | undefined
  /** Present exactly in sandbox mode. */
  sandbox: SandboxConfig | undefined
  assistant: AssistantConfig
  rateLimit: RateLimitConfig
  /** Noticing visitors who left the page: see src/presence/. */
  presence: PresenceConfig
  /** When chats are taken, per topic or for all (src/hours/): outside them, availability says closed and `/auth` refuses. */
  openingHours: OpeningHoursConfig
  /**
   * Prometheus metrics (`GET /metrics`, src/metrics/): on a listener of their own at `port`, and/or on the
   * public one behind `Authorization: Bearer <token>`. Neither set: no metrics route at all.
   */
  metrics: { token: string | undefined; port: number | undefined }
}

/** Limits of `POST /auth` (each one chat and one Twilio task): per client IP and per visitor identity. */
export interface RateLimitConfig {
  authPerMinute: number
  authPerIdentityPerMinute: number
  /** Shared counters across instances; undefined: counters in this process's memory. */
  redisUrl: string | undefined
}

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const
const KEY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const
export type JwtAlgorithm = (typeof HMAC_ALGORITHMS)[number] | (typeof KEY_ALGORITHMS)[number]

function parseJwtAlgorithms(env: Env): JwtAlgorithm[] {
  const usesHmac = env.VISITOR_JWT_SECRET !== undefined
  const allowed: readonly string[] = usesHmac ? HMAC_ALGORITHMS : KEY_ALGORITHMS
  const names = env.VISITOR_JWT_ALGORITHMS.length > 0 ? env.VISITOR_JWT_ALGORITHMS : [usesHmac ? 'HS256' : 'RS256']
  for (const name of names) {
    if (!allowed.includes(name)) {
      fail(
        'VISITOR_JWT_ALGORITHMS',
        `VISITOR_JWT_ALGORITHMS must list only ${allowed.join(', ')} for a ${usesHmac ? 'VISITOR_JWT_SECRET' : 'VISITOR_JWT_PUBLIC_KEY'} (got "${name}")`,
      )
    }
  }
  return names as JwtAlgorithm[]
}

function toConfig(env: Env): AppConfig {
  if (env.VISITOR_JWT_SECRET && env.VISITOR_JWT_PUBLIC_KEY) {
    fail(
      'VISITOR_JWT_SECRET',
      'VISITOR_JWT_SECRET and VISITOR_JWT_PUBLIC_KEY are exclusive: set the one that matches how your site signs visitor JWTs',
    )
  }
  const visitorKey = env.VISITOR_JWT_SECRET ?? env.VISITOR_JWT_PUBLIC_KEY
  if (env.VISITOR_JWT_REQUIRED && !visitorKey) {
    fail('VISITOR_JWT_REQUIRED', 'VISITOR_JWT_REQUIRED=true needs VISITOR_JWT_SECRET or VISITOR_JWT_PUBLIC_KEY to verify visitor JWTs')
  }
  if (env.ALLOWED_ORIGINS.includes('*') && env.NODE_ENV === 'production') {
    fail('ALLOWED_ORIGINS', 'ALLOWED_ORIGINS must list explicit origins when NODE_ENV=production ("*" lets any site start chats)')
  }
  for (const origin of env.ALLOWED_ORIGINS) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      fail('ALLOWED_ORIGINS', `ALLOWED_ORIGINS must be a comma-separated list of origins such as https://www.example.com (got "${origin}")`)
    }
  }

  const flexMode = resolveFlexMode(env)
  return {
    nodeEnv: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    allowedOrigins: env.ALLOWED_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    session: { secret: env.SESSION_TOKEN_SECRET, ttlSeconds: env.SESSION_TOKEN_TTL_SECONDS },
    visitorJwt: {
      key: visitorKey,
      algorithms: visitorKey ? parseJwtAlgorithms(env) : [],
      issuer: env.VISITOR_JWT_ISSUER,
      audience: env.VISITOR_JWT_AUDIENCE,
      required: env.VISITOR_JWT_REQUIRED,
    },
    availabilityCacheSeconds: env.AVAILABILITY_CACHE_SECONDS,
    flexMode,
    twilio: flexMode === 'twilio' ? toTwilioConfig(env) : undefined,
    sandbox: flexMode === 'sandbox' ? toSandboxConfig(env) : undefined,
    assistant: toAssistantConfig(env),
    rateLimit: {
      authPerMinute: env.RATE_LIMIT_AUTH_PER_MINUTE,
      authPerIdentityPerMinute: env.RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE,
      redisUrl: env.REDIS_URL,
    },
    presence: toPresenceConfig(env),
    openingHours: toOpeningHoursConfig(env),
    metrics: { token: env.METRICS_TOKEN, port: env.METRICS_PORT },
  }
}

/**
 * Parses and validates the middleware configuration from environment variables, once, at start-up.
 * Throws a {@link ConfigError} whose one-line message names the variable and the expected form.
 *
 * @example
 * const config = loadConfig(process.env)
 * const app = await buildApp(config)
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  // An empty variable (`PORT=` in a .env file) means "not set", so that defaults apply.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = envSchema.safeParse(set)
  if (!parsed.success) {
    // biome-ignore lint/style/noNonNullAssertion: zod reports at least one issue whenever parsing fails.
    const issue = parsed.error.issues[0]!
    const name = String(issue.path[0])
    const form = formOf(name)
    if (!(name in set)) fail(name, `${name} is required: expected ${form}`)
    // Our own messages already name the variable; zod's generic ones do not.
    fail(name, issue.message.startsWith(name) ? issue.message : `${name} must be ${form}`)
  }
  return toConfig(parsed.data)
}
