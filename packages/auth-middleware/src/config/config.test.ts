import { describe, expect, it } from 'vitest'
import { TEST_ENV } from '../../test/harness.js'
import { ConfigError, loadConfig } from './config.js'

const without = (name: string) => Object.fromEntries(Object.entries(TEST_ENV).filter(([key]) => key !== name))
const messageFor = (env: Record<string, string | undefined>) => {
  try {
    loadConfig(env)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as ConfigError).message
  }
  throw new Error('expected loadConfig to refuse this environment')
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ ...without('NODE_ENV'), LOG_LEVEL: '' })
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 4000,
      logLevel: 'info',
      accessTokenTtlSeconds: 3600,
      session: { ttlSeconds: 86_400 },
      availabilityCacheSeconds: 10,
      flexMode: 'twilio',
      twilio: { chatApi: 'conversations', authToken: undefined, maxSockets: 100, retryBudgetMs: 3000 },
      sandbox: undefined,
      assistant: { watson: undefined },
      visitorJwt: { key: undefined, required: false, algorithms: [] },
    })
  })

  it('names a missing variable and the form it expects', () => {
    expect(messageFor({ ...without('TWILIO_ACCOUNT_SID'), FLEX_MODE: 'twilio' })).toBe(
      'TWILIO_ACCOUNT_SID is required: expected AC followed by 32 hex characters',
    )
    expect(messageFor({ ...without('TWILIO_API_KEY_SECRET'), FLEX_MODE: 'twilio' })).toBe(
      'TWILIO_API_KEY_SECRET is required: expected a secret of at least 32 characters',
    )
  })

  it('names a malformed SID and the form it expects', () => {
    expect(messageFor({ ...TEST_ENV, TWILIO_ACCOUNT_SID: 'AC123' })).toBe(
      'TWILIO_ACCOUNT_SID must look like AC followed by 32 hex characters',
    )
  })

  it.each([
    ['PORT', 'http', 'PORT must be a whole number from 0 to 65535'],
    ['TWILIO_CHAT_API', 'flex', 'TWILIO_CHAT_API must be conversations or programmable-chat'],
    ['SESSION_TOKEN_SECRET', 'short', 'SESSION_TOKEN_SECRET must be a secret of at least 32 characters'],
    ['VISITOR_JWT_REQUIRED', 'yes', 'VISITOR_JWT_REQUIRED must be true or false'],
    ['ACCESS_TOKEN_TTL_SECONDS', '40000000', 'ACCESS_TOKEN_TTL_SECONDS must be a whole number from 60 to 86400'],
    ['TWILIO_MAX_SOCKETS', '0', 'TWILIO_MAX_SOCKETS must be a whole number from 1 to 1000'],
    [
      'TWILIO_CONVERSATION_INACTIVE_AFTER',
      'PT30S',
      'TWILIO_CONVERSATION_INACTIVE_AFTER must be an ISO 8601 duration of at least 1 minutes (such as PT30M, PT12H or P1D), or off',
    ],
    [
      'TWILIO_CONVERSATION_CLOSED_AFTER',
      '1 day',
      'TWILIO_CONVERSATION_CLOSED_AFTER must be an ISO 8601 duration of at least 10 minutes (such as PT30M, PT12H or P1D), or off',
    ],
  ])('refuses %s=%s with one line', (name, value, message) => {
    const text = messageFor({ ...TEST_ENV, [name]: value })
    expect(text).toBe(message)
    expect(text).not.toContain('\n')
  })

  it("sets the conversations' timers by default, takes other durations, and turns either off", () => {
    expect(loadConfig(TEST_ENV).twilio!.conversationTimers).toEqual({ inactive: 'PT1H', closed: 'P1D' })
    expect(
      loadConfig({ ...TEST_ENV, TWILIO_CONVERSATION_INACTIVE_AFTER: 'PT10M', TWILIO_CONVERSATION_CLOSED_AFTER: 'off' }).twilio!
        .conversationTimers,
    ).toEqual({ inactive: 'PT10M', closed: undefined })
    expect(loadConfig({ ...TEST_ENV, TWILIO_CONVERSATION_CLOSED_AFTER: 'P1DT12H' }).twilio!.conversationTimers.closed).toBe('P1DT12H')
  })

  it('requires the Flex Flow for Programmable Chat and the workflow for Conversations', () => {
    expect(messageFor({ ...without('TWILIO_FLEX_FLOW_SID'), TWILIO_CHAT_API: 'programmable-chat' })).toMatch(
      /^TWILIO_FLEX_FLOW_SID is required when TWILIO_CHAT_API=programmable-chat/,
    )
    expect(messageFor(without('TWILIO_WORKFLOW_SID'))).toMatch(/^TWILIO_WORKFLOW_SID is required when TWILIO_CHAT_API=conversations/)
    expect(loadConfig({ ...without('TWILIO_WORKFLOW_SID'), TWILIO_CHAT_API: 'programmable-chat' }).twilio!.chatApi).toBe(
      'programmable-chat',
    )
  })

  it('refuses "*" as an allowed origin in production, and malformed origins anywhere', () => {
    expect(messageFor({ ...TEST_ENV, NODE_ENV: 'production', ALLOWED_ORIGINS: '*' })).toMatch(/^ALLOWED_ORIGINS must list explicit origins/)
    expect(loadConfig({ ...TEST_ENV, ALLOWED_ORIGINS: '*' }).allowedOrigins).toEqual(['*'])
    expect(messageFor({ ...TEST_ENV, ALLOWED_ORIGINS: 'shop.example.com' })).toMatch(/got "shop.example.com"/)
    expect(loadConfig({ ...TEST_ENV, ALLOWED_ORIGINS: 'https://a.example, http://127.0.0.1:5173' }).allowedOrigins).toEqual([
      'https://a.example',
      'http://127.0.0.1:5173',
    ])
  })

  it('maps topics to queues case-insensitively and refuses malformed pairs', () => {
    const wq = `WQ${'2'.repeat(32)}`
    expect(loadConfig({ ...TEST_ENV, TWILIO_TOPIC_QUEUES: `Billing=${wq}` }).twilio!.topicQueues).toEqual({ billing: wq })
    expect(messageFor({ ...TEST_ENV, TWILIO_TOPIC_QUEUES: 'billing' })).toMatch(/^TWILIO_TOPIC_QUEUES must be .* \(got "billing"\)$/)
  })

  it('pins visitor JWT algorithms to the key type', () => {
    const secret = 'a-visitor-secret-of-32-characters-or-more'
    expect(loadConfig({ ...TEST_ENV, VISITOR_JWT_SECRET: secret }).visitorJwt.algorithms).toEqual(['HS256'])
    expect(messageFor({ ...TEST_ENV, VISITOR_JWT_SECRET: secret, VISITOR_JWT_ALGORITHMS: 'none' })).toMatch(
      /^VISITOR_JWT_ALGORITHMS must list only HS256, HS384, HS512 for a VISITOR_JWT_SECRET \(got "none"\)$/,
    )
    expect(messageFor({ ...TEST_ENV, VISITOR_JWT_SECRET: secret, VISITOR_JWT_ALGORITHMS: 'RS256' })).toMatch(/got "RS256"/)
    expect(messageFor({ ...TEST_ENV, VISITOR_JWT_REQUIRED: 'true' })).toMatch(/^VISITOR_JWT_REQUIRED=true needs/)
  })
})

const SANDBOX_ENV = { NODE_ENV: 'development', LOG_LEVEL: 'silent', SESSION_TOKEN_SECRET: TEST_ENV.SESSION_TOKEN_SECRET! }

describe('loadConfig: Flex mode', () => {
  it('runs the sandbox when no Twilio account is configured (FLEX_MODE=auto)', () => {
    const config = loadConfig(SANDBOX_ENV)
    expect(config).toMatchObject({ flexMode: 'sandbox', twilio: undefined, sandbox: { reservationTimeoutSeconds: 30 } })
    // .env-sample sets these two with defaults; they do not make a Twilio configuration.
    expect(loadConfig({ ...SANDBOX_ENV, TWILIO_CHAT_API: 'conversations', TWILIO_TIMEOUT_MS: '10000' }).flexMode).toBe('sandbox')
    expect(loadConfig({ ...SANDBOX_ENV, FLEX_MODE: 'sandbox', SANDBOX_RESERVATION_TIMEOUT_SECONDS: '5' }).sandbox).toEqual({
      reservationTimeoutSeconds: 5,
      workflowTimeoutSeconds: 600,
    })
    // 0: Flex never gives a waiting chat up, as a TaskRouter workflow without a timeout.
    expect(loadConfig({ ...SANDBOX_ENV, SANDBOX_WORKFLOW_TIMEOUT_SECONDS: '0' }).sandbox?.workflowTimeoutSeconds).toBeUndefined()
    expect(messageFor({ ...SANDBOX_ENV, SANDBOX_WORKFLOW_TIMEOUT_SECONDS: '-1' })).toMatch(/SANDBOX_WORKFLOW_TIMEOUT_SECONDS/)
  })

  it('uses Twilio when TWILIO_ACCOUNT_SID is set, and requires its variables', () => {
    expect(loadConfig(TEST_ENV)).toMatchObject({ flexMode: 'twilio', sandbox: undefined })
    expect(loadConfig({ ...TEST_ENV, FLEX_MODE: 'twilio' }).flexMode).toBe('twilio')
    expect(messageFor({ ...SANDBOX_ENV, FLEX_MODE: 'twilio' })).toBe(
      'TWILIO_ACCOUNT_SID is required: expected AC followed by 32 hex characters',
    )
  })

  it('points out half a Twilio configuration instead of silently running the sandbox', () => {
    expect(messageFor(without('TWILIO_ACCOUNT_SID'))).toBe(
      'TWILIO_ACCOUNT_SID is required: expected AC followed by 32 hex characters (TWILIO_API_KEY_SID is set; unset every TWILIO_* account variable to run the local sandbox)',
    )
  })

  it('never mounts the sandbox next to Twilio credentials', () => {
    expect(messageFor({ ...TEST_ENV, FLEX_MODE: 'sandbox' })).toBe(
      'FLEX_MODE=sandbox cannot be used while TWILIO_ACCOUNT_SID is set: unset TWILIO_* or FLEX_MODE',
    )
  })

  it('refuses the sandbox in production with one line', () => {
    const auto = messageFor({ ...SANDBOX_ENV, NODE_ENV: 'production' })
    expect(auto).toBe('TWILIO_ACCOUNT_SID is required when NODE_ENV=production: the sandbox is for development; set the TWILIO_* variables')
    expect(auto).not.toContain('\n')
    expect(messageFor({ ...SANDBOX_ENV, NODE_ENV: 'production', FLEX_MODE: 'sandbox' })).toMatch(
      /^FLEX_MODE=sandbox is refused when NODE_ENV=production: the sandbox is for development/,
    )
    expect(loadConfig({ ...TEST_ENV, NODE_ENV: 'production' }).flexMode).toBe('twilio')
  })

  it('keeps SESSION_TOKEN_SECRET required in both modes', () => {
    const { SESSION_TOKEN_SECRET: _omitted, ...sandboxWithout } = SANDBOX_ENV
    expect(messageFor(sandboxWithout)).toBe('SESSION_TOKEN_SECRET is required: expected a secret of at least 32 characters')
    expect(messageFor(without('SESSION_TOKEN_SECRET'))).toMatch(/^SESSION_TOKEN_SECRET is required/)
  })

  it.each([
    ['FLEX_MODE', 'local', 'FLEX_MODE must be auto, twilio or sandbox'],
    ['SANDBOX_RESERVATION_TIMEOUT_SECONDS', '0', 'SANDBOX_RESERVATION_TIMEOUT_SECONDS must be a whole number from 1 to 600'],
  ])('refuses %s=%s with one line', (name, value, message) => {
    expect(messageFor({ ...SANDBOX_ENV, [name]: value })).toBe(message)
  })
})

describe('loadConfig: watsonx Assistant', () => {
  const WATSON = {
    WATSON_API_KEY: 'an-ibm-cloud-api-key-0123456789',
    WATSON_SERVICE_URL: 'https://api.us-south.assistant.watson.cloud.ibm.com/instances/abc',
    WATSON_ASSISTANT_ID: 'assistant-1',
    WATSON_ENVIRONMENT_ID: 'environment-1',
  }

  it('is off without WATSON_* variables, in both modes', () => {
    expect(loadConfig(SANDBOX_ENV).assistant).toEqual({ watson: undefined })
    expect(loadConfig(TEST_ENV).assistant).toEqual({ watson: undefined })
  })

  it('reads all four, with the default API version', () => {
    expect(loadConfig({ ...SANDBOX_ENV, ...WATSON }).assistant.watson).toEqual({
      apiKey: WATSON.WATSON_API_KEY,
      serviceUrl: WATSON.WATSON_SERVICE_URL,
      assistantId: 'assistant-1',
      environmentId: 'environment-1',
      version: '2024-08-25',
    })
    expect(loadConfig({ ...TEST_ENV, ...WATSON, WATSON_VERSION: '2023-06-15' }).assistant.watson?.version).toBe('2023-06-15')
  })

  it('names the first missing variable of a partial set', () => {
    const { WATSON_ASSISTANT_ID: _a, WATSON_ENVIRONMENT_ID: _e, ...partial } = WATSON
    expect(messageFor({ ...SANDBOX_ENV, ...partial })).toMatch(
      /^WATSON_ASSISTANT_ID is required when WATSON_API_KEY is set \(.*\): expected a non-empty string$/,
    )
    expect(messageFor({ ...SANDBOX_ENV, WATSON_ENVIRONMENT_ID: 'e' })).toMatch(
      /^WATSON_API_KEY is required when WATSON_ENVIRONMENT_ID is set/,
    )
  })

  it('refuses a service URL that is not https', () => {
    expect(messageFor({ ...SANDBOX_ENV, ...WATSON, WATSON_SERVICE_URL: 'http://api.example.com' })).toBe(
      'WATSON_SERVICE_URL must be an https:// URL',
    )
    expect(messageFor({ ...SANDBOX_ENV, ...WATSON, WATSON_VERSION: 'latest' })).toBe(
      'WATSON_VERSION must be an API version date such as 2024-08-25',
    )
  })
})
