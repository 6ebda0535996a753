/**
 * Abuse: `POST /auth` is limited per client IP and per verified visitor; with REDIS_URL the counters are
 * shared, so two instances behind one load balancer hold one limit (a real redis-server on 127.0.0.1).
 */
import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, type Harness, startHarness, VISITOR_SECRET } from '../../harness.js'
import { type RedisServer, startRedis } from '../../redis/redis-server.js'
import { recordFigures } from '../figures.js'

let limited = 0
const harnesses: Harness[] = []
let redis: RedisServer

beforeAll(async () => {
  redis = await startRedis()
})

afterAll(async () => {
  for (const h of harnesses) await h.app.close()
  await redis?.stop()
  recordFigures('abuse-rate-limit', { rateLimited: limited })
})

async function harness(env: Record<string, string>) {
  const h = await startHarness(env)
  harnesses.push(h)
  return h
}

const visitorJwt = (sub: string) => jwt.sign({ sub }, VISITOR_SECRET, { algorithm: 'HS256', audience: 'flex', expiresIn: 300 })

function post(h: Harness, options: { ip?: string; token?: string } = {}) {
  return h.app.inject({
    method: 'POST',
    url: '/auth',
    payload: {},
    remoteAddress: options.ip ?? '203.0.113.7',
    headers: options.token ? bearer(options.token) : {},
  })
}

function expectLimited(res: Awaited<ReturnType<typeof post>>) {
  limited++
  expect(res.statusCode).toBe(429)
  expect(res.json()).toEqual({
    error: 'Too Many Requests',
    message: expect.stringMatching(/^Failed to start a chat: .+ Please try again in \d+ seconds\.$/),
  })
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
}

describe('rate limits on POST /auth', () => {
  it('per IP: the next call over RATE_LIMIT_AUTH_PER_MINUTE is a 429 with Retry-After; other IPs go on', async () => {
    const h = await harness({ RATE_LIMIT_AUTH_PER_MINUTE: '3' })
    for (let i = 0; i < 3; i++) expect((await post(h)).statusCode).toBe(201)
    expectLimited(await post(h))
    expect((await post(h, { ip: '198.51.100.1' })).statusCode).toBe(201)
    expect(h.fake.conversations.size).toBe(4)
  })

  it('per identity: one visitor (JWT sub) cannot open more than its share from many IPs', async () => {
    const h = await harness({
      VISITOR_JWT_SECRET: VISITOR_SECRET,
      VISITOR_JWT_AUDIENCE: 'flex',
      RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE: '2',
    })
    expect((await post(h, { ip: '192.0.2.1', token: visitorJwt('u-42') })).statusCode).toBe(201)
    expect((await post(h, { ip: '192.0.2.2', token: visitorJwt('u-42') })).statusCode).toBe(201)
    expectLimited(await post(h, { ip: '192.0.2.3', token: visitorJwt('u-42') }))
    expect((await post(h, { ip: '192.0.2.3', token: visitorJwt('u-43') })).statusCode).toBe(201)
  })

  it("forged JWTs do not spend a real visitor's allowance", async () => {
    const h = await harness({
      VISITOR_JWT_SECRET: VISITOR_SECRET,
      VISITOR_JWT_AUDIENCE: 'flex',
      RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE: '2',
    })
    const forged = jwt.sign({ sub: 'u-42', aud: 'flex' }, 'not-the-visitor-secret-not-the-visitor', { algorithm: 'HS256', expiresIn: 300 })
    for (let i = 0; i < 5; i++) expect((await post(h, { ip: `192.0.2.${10 + i}`, token: forged })).statusCode).toBe(401)
    expect((await post(h, { token: visitorJwt('u-42') })).statusCode).toBe(201)
  })

  it('with REDIS_URL, two instances share one limit (a real redis-server)', async () => {
    const env = { REDIS_URL: redis.url, RATE_LIMIT_AUTH_PER_MINUTE: '4' }
    const a = await harness(env)
    const b = await harness(env)
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await post(i % 2 === 0 ? a : b)).statusCode)
    expect(statuses).toEqual([201, 201, 201, 201])
    expectLimited(await post(a))
    expectLimited(await post(b))
    // Without Redis each instance would have allowed 4 of its own.
    expect(a.fake.conversations.size + b.fake.conversations.size).toBe(4)
    process.stdout.write(`abuse: two instances on ${redis.url} shared one limit of 4 (then 429 on both)\n`)
  })
})
