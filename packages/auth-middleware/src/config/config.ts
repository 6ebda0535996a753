import { z } from 'zod'

/** Which Flex chat API the middleware opens chats on. */
export type ChatApi = 'conversations' | 'programmable-chat'

export interface TwilioConfig {
  accountSid: string
  /** API Key used for REST calls and to sign access tokens (never the Auth Token for signing). */
  apiKeySid: string
  apiKeySecret: string
  /** Only needed to validate `X-Twilio-Signature` on webhooks. */
  authToken: string | undefined
  chatApi: ChatApi
  /** Conversations service (Flex Chat Service) or Programmable Chat service the ChatGrant is for. */
  chatServiceSid: string
  /** Flex Flow of the legacy custom channel; required for `programmable-chat`. */
  flexFlowSid: string | undefined
  workspaceSid: string
  /** Workflow that routes new Interactions; required for `conversations`. */
  workflowSid: string | undefined
  /** Queue asked for availability when a topic has no queue of its own. */
  defaultQueueSid: string | undefined
  /** topic (lower case) → TaskQueue SID. */
  topicQueues: Readonly<Record<string, string>>
  requestTimeoutMs: number
}

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
  twilio: TwilioConfig
}

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const
const KEY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const
export type JwtAlgorithm = (typeof HMAC_ALGORITHMS)[number] | (typeof KEY_ALGORITHMS)[number]

/** A configuration value is missing or malformed; `message` is one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Expected form of each variable, by name, for error messages. */
const forms = new Map<string, string>()

/** `name` is the variable, `form` a human description of the expected value. */
function variable<T extends z.ZodType>(name: string, form: string, schema: T): T {
  forms.set(name, form)
  return schema
}

const sid = (name: string, prefix: string) =>
  variable(
    name,
    `${prefix} followed by 32 hex characters`,
    z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), {
      error: `${name} must look like ${prefix} followed by 32 hex characters`,
    }),
  )

const optionalSid = (name: string, prefix: string) => sid(name, prefix).optional()

const integer = (name: string, min: number, max: number, fallback: number) =>
  variable(name, `a whole number from ${min} to ${max}`, z.coerce.number().int().min(min).max(max)).default(fallback)

const bool = (name: string, fallback: boolean) =>
  variable(
    name,
    'true or false',
    z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
  ).default(fallback)

const list = (name: string, form: string) =>
  variable(name, form, z.string())
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )

const secret = (name: string, minLength: number) =>
  variable(name, `a secret of at least ${minLength} characters`, z.string().min(minLength))

const envSchema = z.object({
  NODE_ENV: variable('NODE_ENV', 'development, production or test', z.enum(['development', 'production', 'test'])).default(
    'development',
  ),
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
  VISITOR_JWT_ISSUER: variable('VISITOR_JWT_ISSUER', 'a non-empty string', z.string()).optional(),
  VISITOR_JWT_AUDIENCE: variable('VISITOR_JWT_AUDIENCE', 'a non-empty string', z.string()).optional(),
  VISITOR_JWT_REQUIRED: bool('VISITOR_JWT_REQUIRED', false),
  AVAILABILITY_CACHE_SECONDS: integer('AVAILABILITY_CACHE_SECONDS', 1, 300, 10),
  TWILIO_CHAT_API: variable(
    'TWILIO_CHAT_API',
    'conversations or programmable-chat',
    z.enum(['conversations', 'programmable-chat']),
  ).default('conversations'),
  TWILIO_ACCOUNT_SID: sid('TWILIO_ACCOUNT_SID', 'AC'),
  TWILIO_API_KEY_SID: sid('TWILIO_API_KEY_SID', 'SK'),
  TWILIO_API_KEY_SECRET: secret('TWILIO_API_KEY_SECRET', 32),
  TWILIO_AUTH_TOKEN: variable(
    'TWILIO_AUTH_TOKEN',
    '32 hex characters',
    z.string().regex(/^[0-9a-fA-F]{32}$/),
  ).optional(),
  TWILIO_CHAT_SERVICE_SID: sid('TWILIO_CHAT_SERVICE_SID', 'IS'),
  TWILIO_FLEX_FLOW_SID: optionalSid('TWILIO_FLEX_FLOW_SID', 'FO'),
  TWILIO_WORKSPACE_SID: sid('TWILIO_WORKSPACE_SID', 'WS'),
  TWILIO_WORKFLOW_SID: optionalSid('TWILIO_WORKFLOW_SID', 'WW'),
  TWILIO_QUEUE_SID: optionalSid('TWILIO_QUEUE_SID', 'WQ'),
  TWILIO_TOPIC_QUEUES: list('TWILIO_TOPIC_QUEUES', 'a comma-separated list of topic=WQ... pairs'),
  TWILIO_TIMEOUT_MS: integer('TWILIO_TIMEOUT_MS', 500, 60_000, 10_000),
})

type Env = z.output<typeof envSchema>

function fail(variableName: string, message: string): never {
  throw new ConfigError(message, variableName)
}

function parseTopicQueues(pairs: string[]): Record<string, string> {
  const queues: Record<string, string> = {}
  for (const pair of pairs) {
    const match = /^([^=]+)=(WQ[0-9a-fA-F]{32})$/.exec(pair)
    if (!match) {
      fail('TWILIO_TOPIC_QUEUES', `TWILIO_TOPIC_QUEUES must be a comma-separated list of topic=WQ... pairs (got "${pair}")`)
    }
    queues[match[1]!.trim().toLowerCase()] = match[2]!
  }
  return queues
}

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
  if (env.TWILIO_CHAT_API === 'programmable-chat' && !env.TWILIO_FLEX_FLOW_SID) {
    fail('TWILIO_FLEX_FLOW_SID', 'TWILIO_FLEX_FLOW_SID is required when TWILIO_CHAT_API=programmable-chat: expected FO followed by 32 hex characters')
  }
  if (env.TWILIO_CHAT_API === 'conversations' && !env.TWILIO_WORKFLOW_SID) {
    fail('TWILIO_WORKFLOW_SID', 'TWILIO_WORKFLOW_SID is required when TWILIO_CHAT_API=conversations: expected WW followed by 32 hex characters')
  }
  if (env.VISITOR_JWT_SECRET && env.VISITOR_JWT_PUBLIC_KEY) {
    fail('VISITOR_JWT_SECRET', 'VISITOR_JWT_SECRET and VISITOR_JWT_PUBLIC_KEY are exclusive: set the one that matches how your site signs visitor JWTs')
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
    twilio: {
      accountSid: env.TWILIO_ACCOUNT_SID,
      apiKeySid: env.TWILIO_API_KEY_SID,
      apiKeySecret: env.TWILIO_API_KEY_SECRET,
      authToken: env.TWILIO_AUTH_TOKEN,
      chatApi: env.TWILIO_CHAT_API,
      chatServiceSid: env.TWILIO_CHAT_SERVICE_SID,
      flexFlowSid: env.TWILIO_FLEX_FLOW_SID,
      workspaceSid: env.TWILIO_WORKSPACE_SID,
      workflowSid: env.TWILIO_WORKFLOW_SID,
      defaultQueueSid: env.TWILIO_QUEUE_SID,
      topicQueues: parseTopicQueues(env.TWILIO_TOPIC_QUEUES),
      requestTimeoutMs: env.TWILIO_TIMEOUT_MS,
    },
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
    const issue = parsed.error.issues[0]!
    const name = String(issue.path[0])
    const form = forms.get(name) ?? 'a valid value'
    if (!(name in set)) fail(name, `${name} is required: expected ${form}`)
    // Our own messages already name the variable; zod's generic ones do not.
    fail(name, issue.message.startsWith(name) ? issue.message : `${name} must be ${form}`)
  }
  return toConfig(parsed.data)
}
