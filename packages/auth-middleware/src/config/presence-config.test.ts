import { describe, expect, it } from 'vitest'
import { TEST_ENV } from '../../test/harness.js'
import { ConfigError, loadConfig } from './config.js'

const messageFor = (env: Record<string, string>) => {
  try {
    loadConfig({ ...TEST_ENV, ...env })
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as ConfigError).message
  }
  throw new Error('expected loadConfig to refuse this environment')
}

describe('loadConfig: visitor presence', () => {
  it('defaults to 90 s unseen or 20 s after leaving, and an end 300 s after the agent is told; beats every 30 s', () => {
    expect(loadConfig(TEST_ENV).presence).toEqual({
      timeoutSeconds: 90,
      leavingGraceSeconds: 20,
      idleEndSeconds: 300,
      heartbeatSeconds: 30,
      redisUrl: undefined,
    })
    const short = loadConfig({
      ...TEST_ENV,
      VISITOR_PRESENCE_TIMEOUT_SECONDS: '4',
      VISITOR_LEAVING_GRACE_SECONDS: '2',
      VISITOR_IDLE_END_SECONDS: '0',
      REDIS_URL: 'redis://127.0.0.1:6379',
    }).presence
    expect(short).toEqual({
      timeoutSeconds: 4,
      leavingGraceSeconds: 2,
      idleEndSeconds: 0,
      heartbeatSeconds: 1,
      redisUrl: 'redis://127.0.0.1:6379',
    })
  })

  it.each([
    ['VISITOR_PRESENCE_TIMEOUT_SECONDS', '2', 'VISITOR_PRESENCE_TIMEOUT_SECONDS must be a whole number from 3 to 3600'],
    ['VISITOR_LEAVING_GRACE_SECONDS', '0', 'VISITOR_LEAVING_GRACE_SECONDS must be a whole number from 1 to 600'],
    ['VISITOR_IDLE_END_SECONDS', 'soon', 'VISITOR_IDLE_END_SECONDS must be a whole number from 0 to 86400'],
  ])('refuses %s=%s with one line', (name, value, message) => {
    expect(messageFor({ [name]: value })).toBe(message)
  })

  it('refuses a leaving grace that is not shorter than the timeout', () => {
    expect(messageFor({ VISITOR_PRESENCE_TIMEOUT_SECONDS: '20', VISITOR_LEAVING_GRACE_SECONDS: '20' })).toBe(
      'VISITOR_LEAVING_GRACE_SECONDS must be less than VISITOR_PRESENCE_TIMEOUT_SECONDS (got 20 and 20): the grace after a "leaving" beacon is the shorter wait',
    )
  })
})
