import type { Clock } from '@flex-escalate/flex-sandbox'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { type AppConfig, loadConfig } from '../src/config/config.js'
import { server } from './msw-server.js'
import { ACCOUNT_SID, FakeTwilio } from './twilio/twilio-fake.js'

const fakeSid = (prefix: string, digit: string) => prefix + digit.repeat(32)

export const SIDS = {
  account: ACCOUNT_SID,
  apiKey: fakeSid('SK', '0'),
  chatService: fakeSid('IS', '0'),
  flexFlow: fakeSid('FO', '0'),
  workspace: fakeSid('WS', '0'),
  workflow: fakeSid('WW', '0'),
  defaultQueue: fakeSid('WQ', '0'),
  billingQueue: fakeSid('WQ', '1'),
} as const

export const API_KEY_SECRET = 'test-api-key-secret-0123456789abcdef'
export const SESSION_SECRET = 'test-session-secret-0123456789abcdef'
export const VISITOR_SECRET = 'test-visitor-secret-0123456789abcdef'

/** A complete, valid environment for tests: obviously fake SIDs, secrets known to the tests. */
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  ALLOWED_ORIGINS: 'https://shop.example.com',
  SESSION_TOKEN_SECRET: SESSION_SECRET,
  TWILIO_ACCOUNT_SID: SIDS.account,
  TWILIO_API_KEY_SID: SIDS.apiKey,
  TWILIO_API_KEY_SECRET: API_KEY_SECRET,
  TWILIO_CHAT_SERVICE_SID: SIDS.chatService,
  TWILIO_FLEX_FLOW_SID: SIDS.flexFlow,
  TWILIO_WORKSPACE_SID: SIDS.workspace,
  TWILIO_WORKFLOW_SID: SIDS.workflow,
  TWILIO_QUEUE_SID: SIDS.defaultQueue,
  TWILIO_TOPIC_QUEUES: `billing=${SIDS.billingQueue}`,
}

export interface Harness {
  app: FastifyInstance
  fake: FakeTwilio
  config: AppConfig
  /** Every log line the app wrote. */
  logs: string[]
}

/**
 * The real middleware, in-process, with msw answering Twilio's hosts from a {@link FakeTwilio}.
 * `options.clock` is the gateway's time (e.g. a manual clock that moves the availability cache on).
 *
 * @example
 * const { app, fake } = await startHarness({ TWILIO_CHAT_API: 'programmable-chat' })
 * const res = await app.inject({ method: 'POST', url: '/auth', payload: {} })
 */
export async function startHarness(env: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<Harness> {
  const fake = new FakeTwilio({ defaultQueueSid: SIDS.defaultQueue, topicQueues: { billing: SIDS.billingQueue } })
  server.use(...fake.handlers)
  const config = loadConfig({ ...TEST_ENV, ...env })
  const logs: string[] = []
  const app = await buildApp(config, {
    logStream: { write: (line: string) => void logs.push(line) },
    ...(options.clock ? { clock: options.clock } : {}),
  })
  return { app, fake, config, logs }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
