/**
 * Bad input, HTTP: generated malformed requests on every route of the middleware (Twilio mode, with visitor
 * JWTs and the webhook route configured). Every reply must be a 4xx JSON error naming the problem, never a
 * 5xx; afterwards the same app still serves a good request and the heap has not grown without bound.
 */
import fc from 'fast-check'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bearer, type Harness, startHarness, VISITOR_SECRET } from '../../harness.js'
import { server } from '../../msw-server.js'
import { recordFigures } from '../figures.js'
import { authorizationHeader, forgedToken, oddString, unknownKey, wrongTypedAuthField } from './arbitraries.js'

const BODY_LIMIT = 4096
const RUNS = 700
const ROUTES = [
  ['POST', '/auth'],
  ['POST', '/auth/refresh'],
  ['POST', '/chats/end'],
  ['GET', '/agents/availability'],
  ['GET', '/healthz'],
  ['POST', '/assistant/message'],
  ['POST', '/webhooks/twilio/conversations'],
] as const

let h: Harness
let sessionToken = ''
let fuzzed = 0
let fiveXx = 0
let heapBefore = 0

const heapUsed = () => {
  globalThis.gc?.()
  return process.memoryUsage().heapUsed
}

beforeAll(async () => {
  h = await startHarness({
    BODY_LIMIT_BYTES: String(BODY_LIMIT),
    VISITOR_JWT_SECRET: VISITOR_SECRET,
    VISITOR_JWT_AUDIENCE: 'flex',
    TWILIO_AUTH_TOKEN: 'f'.repeat(32),
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE: '100000',
  })
  sessionToken = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json().sessionToken
  heapBefore = heapUsed()
})

// setup.ts resets msw's handlers after each test; this suite shares one fake across its tests.
beforeEach(() => server.use(...h.fake.handlers))

afterAll(async () => {
  recordFigures('bad-input-http', { requestsFuzzed: fuzzed, responses5xx: fiveXx })
  expect(h.fake.violations).toEqual([])
  await h.app.close()
})

/** Sends one request and checks the reply is a JSON error (or, for input that happens to be valid, a success). */
async function send(options: InjectOptions): Promise<LightMyRequestResponse> {
  fuzzed++
  const res = await h.app.inject(options)
  if (res.statusCode >= 500) {
    fiveXx++
    throw new Error(`${options.method} ${options.url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
  }
  if (res.statusCode >= 400 && options.method !== 'HEAD') {
    const body = res.json() as Record<string, unknown>
    if (typeof body.error !== 'string' || typeof body.message !== 'string' || body.message.length === 0) {
      throw new Error(`${options.method} ${options.url} answered ${res.statusCode} without {error, message}: ${res.body.slice(0, 300)}`)
    }
    if ('field' in body && typeof body.field !== 'string') throw new Error(`field is not a string: ${res.body}`)
  }
  return res
}

const property = <T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns = RUNS) =>
  fc.assert(fc.asyncProperty(arbitrary, check), { numRuns })

describe('bad input: generated malformed requests get 4xx JSON errors', () => {
  it('POST /auth: a field of the wrong type → 400 naming it', async () => {
    await property(wrongTypedAuthField, async ({ field, value }) => {
      const res = await send({ method: 'POST', url: '/auth', payload: { [field]: value } })
      expect(res.statusCode).toBe(400)
      expect(res.json().field).toMatch(new RegExp(`^body\\.${field}`))
    })
  })

  it('POST /auth: a field it does not know → 400 naming it', async () => {
    await property(unknownKey, async (key) => {
      const res = await send({ method: 'POST', url: '/auth', payload: { [key]: 'x' } })
      expect(res.statusCode).toBe(400)
      expect(res.json().field).toBe(`body.${key}`)
    })
  })

  it('POST /auth: fields over their length and arrays over their size → 400', async () => {
    const oversized = fc.oneof(
      fc.record({ visitorName: fc.string({ minLength: 81, maxLength: 200 }) }),
      fc.record({ topic: fc.string({ minLength: 101, maxLength: 300 }) }),
      fc.record({ summary: fc.array(fc.constant('line'), { minLength: 51, maxLength: 80 }) }),
      fc.record({ additionalData: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.constant('v'), { minKeys: 31, maxKeys: 40 }) }),
    )
    await property(oversized, async (payload) => {
      const res = await send({ method: 'POST', url: '/auth', payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().field).toMatch(/^body\./)
    })
  })

  it('every POST route: raw bodies that are not JSON, or JSON of the wrong shape → 4xx', async () => {
    const body = fc.oneof(
      oddString,
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    )
    const route = fc.constantFrom('/auth/refresh', '/chats/end', '/assistant/message', '/auth')
    await property(fc.tuple(route, body), async ([url, payload]) => {
      await send({
        method: 'POST',
        url,
        payload,
        headers: { 'content-type': 'application/json', ...(url === '/auth' ? {} : bearer(sessionToken)) },
      })
    })
  })

  it('bodies over BODY_LIMIT_BYTES → 413, whatever the route', async () => {
    const route = fc.constantFrom('/auth', '/auth/refresh', '/chats/end', '/assistant/message')
    await property(
      fc.tuple(route, fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 4 })),
      async ([url, size]) => {
        const res = await send({
          method: 'POST',
          url,
          payload: JSON.stringify({ visitorName: 'x'.repeat(size) }),
          headers: { 'content-type': 'application/json' },
        })
        expect(res.statusCode).toBe(413)
      },
      300,
    )
  })

  it('content types the API does not take → 415 (or 400 for a broken header)', async () => {
    const type = fc.oneof(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=utf-16',
        'application/jsonx',
        '*/*',
      ),
      oddString.map((text) => text.replace(/[^\x20-\x7e]/g, '')),
    )
    await property(fc.tuple(type, fc.constantFrom('/auth', '/chats/end', '/assistant/message')), async ([contentType, url]) => {
      const res = await send({ method: 'POST', url, payload: 'topic=billing', headers: { 'content-type': contentType } })
      expect(res.statusCode).toBeGreaterThanOrEqual(400)
    })
  })

  it('forged, broken and unsigned tokens on the session routes → 401 or 400', async () => {
    const route = fc.constantFrom(['POST', '/auth/refresh'], ['POST', '/chats/end'], ['GET', '/agents/availability']) as fc.Arbitrary<
      readonly ['POST' | 'GET', string]
    >
    await property(
      fc.tuple(route, authorizationHeader(sessionToken)),
      async ([[method, url], authorization]) => {
        const res = await send({ method, url, headers: { authorization } })
        expect([400, 401]).toContain(res.statusCode)
        expect(res.json().field).toMatch(/authorization/)
      },
      1200,
    )
  })

  it('forged visitor JWTs (alg none, wrong key, expired, truncated) on POST /auth → 401 or 400', async () => {
    await property(
      forgedToken(sessionToken),
      async (token) => {
        const res = await send({ method: 'POST', url: '/auth', payload: {}, headers: { authorization: `Bearer ${token}` } })
        expect([400, 401]).toContain(res.statusCode)
      },
      900,
    )
  })

  it('wrong methods on every route → 404 JSON (or the CORS preflight answer)', async () => {
    const method = fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'POST', 'HEAD', 'OPTIONS') as fc.Arbitrary<
      InjectOptions['method'] & string
    >
    await property(fc.tuple(method, fc.constantFrom(...ROUTES)), async ([verb, [routeMethod, url]]) => {
      fc.pre(verb !== routeMethod && !(verb === 'HEAD' && routeMethod === 'GET'))
      const res = await send({ method: verb, url })
      expect(res.statusCode).toBeGreaterThanOrEqual(verb === 'OPTIONS' ? 200 : 400)
    })
  })

  it('odd query strings and paths → 400 or 404 JSON, never a crash', async () => {
    const query = fc.oneof(
      fc.dictionary(oddString, oddString, { maxKeys: 3 }).map((q) => new URLSearchParams(q).toString()),
      fc.constantFrom(
        'topic',
        'topic=',
        'topic=%',
        'topic=%E0%A4%A',
        'topic[]=a&topic[]=b',
        'topic=a&topic=b',
        '__proto__[x]=1',
        `topic=${'x'.repeat(200)}`,
        '%%%',
        '&&&',
        '=x',
      ),
    )
    await property(query, async (q) => {
      const res = await send({ method: 'GET', url: `/agents/availability?${q}` })
      if (res.statusCode !== 200) expect(res.statusCode).toBeGreaterThanOrEqual(400)
    })
    const path = fc.oneof(
      oddString.map((text) => `/${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '?'))}`),
      fc.constantFrom('/%', '/%E0%A4%A', '//auth', '/auth/', '/AUTH', '/auth;x', '/auth%00', '/./auth', '/../auth', '/sandbox/visitor'),
    )
    await property(path, async (url) => {
      await send({ method: 'POST', url, payload: {} })
    })
  })

  it('header tricks: huge or odd headers, odd hosts and origins → no 5xx', async () => {
    const headers = fc.record({
      origin: fc.oneof(
        fc.constantFrom('null', 'https://evil.example', 'https://shop.example.com.evil.example', 'HTTPS://SHOP.EXAMPLE.COM'),
        oddString.map((t) => t.replace(/[^\x20-\x7e]/g, '')),
      ),
      'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'not-an-ip', '1.2.3.4, 5.6.7.8'.repeat(50)),
      'accept-encoding': fc.constantFrom('gzip', 'br;q=2', 'x'.repeat(2000)),
      'content-encoding': fc.constantFrom('gzip', 'identity', 'deflate'),
    })
    await property(headers, async (extra) => {
      await send({
        method: 'POST',
        url: '/auth/refresh',
        headers: { ...extra, ...bearer(sessionToken), 'content-type': 'application/json' },
        payload: '{}',
      })
    })
  })

  it('webhooks with a missing or forged X-Twilio-Signature → 403', async () => {
    const form = fc.dictionary(fc.constantFrom('EventType', 'ConversationSid', 'StateTo', 'AccountSid', 'Body'), oddString, { maxKeys: 5 })
    const signature = fc.option(
      fc.oneof(
        fc.base64String({ minLength: 28, maxLength: 28 }),
        oddString.map((t) => t.replace(/[^\x20-\x7e]/g, '')),
      ),
      { nil: undefined },
    )
    await property(fc.tuple(form, signature), async ([fields, sig]) => {
      const res = await send({
        method: 'POST',
        url: '/webhooks/twilio/conversations',
        payload: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(sig === undefined ? {} : { 'x-twilio-signature': sig }) },
      })
      expect(res.statusCode).toBe(403)
    })
  })

  it('POST /assistant/message: wrong shapes → 400', async () => {
    const body = fc.oneof(
      fc.record({ text: notAStringArbitrary() }),
      fc.record({ sessionId: oddString, text: fc.string({ minLength: 5000, maxLength: 6000 }) }),
      fc.dictionary(unknownKey, fc.jsonValue(), { minKeys: 1, maxKeys: 3 }),
    )
    await property(body, async (payload) => {
      const res = await send({ method: 'POST', url: '/assistant/message', payload })
      expect(res.statusCode).toBeGreaterThanOrEqual(400)
    })
  })

  it('still serves a visitor afterwards, with a bounded heap', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/auth', payload: { visitorName: 'Ada' } })
    expect(res.statusCode).toBe(201)
    const growth = heapUsed() - heapBefore
    process.stdout.write(`bad-input: ${fuzzed} requests fuzzed, ${fiveXx} 5xx, heap growth ${(growth / 1e6).toFixed(1)} MB\n`)
    expect(fuzzed).toBeGreaterThanOrEqual(8000)
    expect(growth).toBeLessThan(150e6)
  })
})

function notAStringArbitrary() {
  return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }))
}
