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
      twilio: { chatApi: 'conversations', authToken: undefined },
      visitorJwt: { key: undefined, required: false, algorithms: [] },
    })
  })

  it('names a missing variable and the form it expects', () => {
    expect(messageFor(without('TWILIO_ACCOUNT_SID'))).toBe(
      'TWILIO_ACCOUNT_SID is required: expected AC followed by 32 hex characters',
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
  ])('refuses %s=%s with one line', (name, value, message) => {
    const text = messageFor({ ...TEST_ENV, [name]: value })
    expect(text).toBe(message)
    expect(text).not.toContain('\n')
  })

  it('requires the Flex Flow for Programmable Chat and the workflow for Conversations', () => {
    expect(messageFor({ ...without('TWILIO_FLEX_FLOW_SID'), TWILIO_CHAT_API: 'programmable-chat' })).toMatch(
      /^TWILIO_FLEX_FLOW_SID is required when TWILIO_CHAT_API=programmable-chat/,
    )
    expect(messageFor(without('TWILIO_WORKFLOW_SID'))).toMatch(/^TWILIO_WORKFLOW_SID is required when TWILIO_CHAT_API=conversations/)
    expect(loadConfig({ ...without('TWILIO_WORKFLOW_SID'), TWILIO_CHAT_API: 'programmable-chat' }).twilio.chatApi).toBe(
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
    expect(loadConfig({ ...TEST_ENV, TWILIO_TOPIC_QUEUES: `Billing=${wq}` }).twilio.topicQueues).toEqual({ billing: wq })
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
