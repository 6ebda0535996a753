/**
 * Presence across instances: with REDIS_URL, two middlewares behind one load balancer share what they heard
 * from a visitor's pages and act once on a departure (a real redis-server on 127.0.0.1, as the abuse suite
 * starts it). Both instances run on one manual clock and sweep at the same moments.
 */
import { createManualClock, type ManualClock } from '@flex-escalate/flex-sandbox/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { RedisPresenceStore } from '../../../src/presence/redis-store.js'
import { bearer, type Harness, startHarness } from '../../harness.js'
import { presenceStoreContract } from '../../presence/store-contract.js'
import { type RedisServer, startRedis } from '../../redis/redis-server.js'

let redis: RedisServer
let clock: ManualClock
const harnesses: Harness[] = []

beforeAll(async () => {
  redis = await startRedis()
})
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    expect(h.fake.violations).toEqual([])
    await h.app.close()
  }
})
afterAll(async () => {
  await redis?.stop()
})

presenceStoreContract('Redis', () =>
  RedisPresenceStore.connect(redis.url, (err) => {
    throw err
  }),
)

const MESSAGE = 'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{ConversationSid}/Messages'
const CLOSE = 'POST flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}'
const TASK = 'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}'

/** Two instances on one Redis and one clock. (msw answers both from the fake registered last: sum both.) */
async function twoInstances(env: Record<string, string> = {}) {
  clock = createManualClock()
  for (let i = 0; i < 2; i++) harnesses.push(await startHarness({ REDIS_URL: redis.url, ...env }, { clock }))
  const [a, b] = harnesses as [Harness, Harness]
  const calls = (id: string) => a.fake.calls(id).length + b.fake.calls(id).length
  const notices = () =>
    [...a.fake.calls(MESSAGE), ...b.fake.calls(MESSAGE)].filter(({ form }) => form.get('Attributes')?.includes('visitor-presence')).length
  const tasks = () => [...a.fake.tasks, ...b.fake.tasks]
  const sweepBoth = async (ms: number) => {
    clock.advance(ms)
    await Promise.all([a.app.presence.sweep(), b.app.presence.sweep()])
  }
  return { a, b, calls, notices, tasks, sweepBoth }
}

const report = (h: Harness, sessionToken: string, state: 'here' | 'leaving', page: string) =>
  h.app.inject({ method: 'POST', url: '/chats/presence', headers: bearer(sessionToken), payload: { state, page } })

describe('presence with REDIS_URL, two instances', () => {
  it('with an agent: the agent is told once and the chat is ended once, whichever instance sweeps', async () => {
    const { a, b, calls, notices, tasks, sweepBoth } = await twoInstances()
    const chat = (await a.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    for (const task of tasks()) task.status = 'assigned'
    await report(a, chat.sessionToken, 'here', 'page-0001')
    await report(b, chat.sessionToken, 'leaving', 'page-0001')
    await sweepBoth(20_000)
    await sweepBoth(1_000)
    expect(calls(TASK)).toBe(1)
    expect(notices()).toBe(1)
    await sweepBoth(300_000)
    await sweepBoth(1_000)
    expect(calls(CLOSE)).toBe(1)
    process.stdout.write(`presence: two instances on ${redis.url} told the agent once and ended the chat once\n`)
  })

  it('a beacon heard by one instance and the reloaded page by the other is no departure', async () => {
    const { a, b, calls, sweepBoth } = await twoInstances()
    const chat = (await b.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    await report(a, chat.sessionToken, 'here', 'page-0001')
    await report(a, chat.sessionToken, 'leaving', 'page-0001')
    await report(b, chat.sessionToken, 'here', 'page-0002')
    await sweepBoth(20_000)
    await sweepBoth(60_000)
    expect(calls(TASK)).toBe(0)
    expect(calls(CLOSE)).toBe(0)
    // The reloaded page then goes silent: either instance ends the chat, once.
    await sweepBoth(30_000)
    expect(calls(CLOSE)).toBe(1)
  })
})
