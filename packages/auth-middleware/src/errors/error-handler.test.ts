import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startHarness } from '../../test/harness.js'
import { server } from '../../test/msw-server.js'
import { buildApp } from '../app.js'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

const postAuth = (payload: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: '/auth', payload: payload as string, headers })

describe('bad input gets a 400 naming the field', () => {
  it.each([
    ['body.nickname', { nickname: 'Ada' }, 'body.nickname is not a known field; remove it'],
    ['body.visitorName', { visitorName: 5 }, 'body.visitorName must be string'],
    ['body.visitorName', { visitorName: '' }, 'body.visitorName must NOT have fewer than 1 characters'],
    ['body.topic', { topic: 'x'.repeat(101) }, 'body.topic must NOT have more than 100 characters'],
    ['body.summary', { summary: 'one line' }, 'body.summary must be array'],
    ['body.summary.1', { summary: ['ok', 'x'.repeat(2001)] }, 'body.summary.1 must NOT have more than 2000 characters'],
    ['body.summary', { summary: Array(51).fill('line') }, 'body.summary must NOT have more than 50 items'],
    [
      'body.additionalData.bad key!',
      { additionalData: { 'bad key!': 'v' } },
      'body.additionalData.bad key! is not a known field; remove it',
    ],
    ['body.additionalData.orderId', { additionalData: { orderId: 42 } }, 'body.additionalData.orderId must be string'],
    ['body.locale', { locale: 'english please' }, undefined],
    ['body', [], 'body must be object'],
  ])('POST /auth with a bad %s → 400 naming it', async (field, payload, message) => {
    h = await startHarness()
    const res = await postAuth(payload)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'Bad Request', field })
    if (message) expect(res.json().message).toBe(message)
    expect(h.fake.conversations.size).toBe(0)
  })

  it('refuses a malformed Authorization header before looking at it', async () => {
    h = await startHarness()
    const res = await postAuth({}, { authorization: 'Basic dXNlcjpwYXNz' })
    expect(res.statusCode).toBe(400)
    expect(res.json().field).toBe('headers.authorization')
  })

  it('refuses unknown and malformed query parameters', async () => {
    h = await startHarness()
    const unknown = await h.app.inject({ method: 'GET', url: '/agents/availability?queue=1' })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().field).toBe('query.queue')
    const empty = await h.app.inject({ method: 'GET', url: '/agents/availability?topic=' })
    expect(empty.json()).toMatchObject({ field: 'query.topic' })
  })

  it('answers broken JSON, a wrong content type and an oversized body with JSON 4xx', async () => {
    h = await startHarness({ BODY_LIMIT_BYTES: '2048' })
    const broken = await postAuth('{"topic": ', { 'content-type': 'application/json' })
    expect(broken.statusCode).toBe(400)
    expect(broken.json().error).toBe('Bad Request')
    const text = await postAuth('topic=billing', { 'content-type': 'text/plain' })
    expect(text.statusCode).toBe(415)
    expect(text.json().error).toBe('Unsupported Media Type')
    const huge = await postAuth({ summary: ['x'.repeat(3000)] })
    expect(huge.statusCode).toBe(413)
    expect(huge.json().error).toBe('Payload Too Large')
  })

  it('answers unknown routes and methods with a JSON 404', async () => {
    h = await startHarness()
    for (const [method, url] of [
      ['GET', '/nope'],
      ['GET', '/auth'],
      ['DELETE', '/chats/end'],
    ] as const) {
      const res = await h.app.inject({ method, url })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual({ error: 'Not Found', message: `No route ${method} ${url}. See the README for the HTTP API.` })
    }
  })
})

describe('Twilio failures become 502/503 with a clear message, never a crash', () => {
  const CREATE = 'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/ConversationWithParticipants'
  // One attempt per call: the retries of the (idempotent) conversation create are tested in test/reliability.
  const NO_RETRIES = { TWILIO_RETRY_BUDGET_MS: '0' }

  it.each([
    [400, 502, 'Bad Gateway'],
    [401, 502, 'Bad Gateway'],
    [404, 502, 'Bad Gateway'],
    [500, 502, 'Bad Gateway'],
    [503, 502, 'Bad Gateway'],
    [429, 503, 'Service Unavailable'],
  ])('Twilio %i → %i', async (upstream, status, error) => {
    h = await startHarness(NO_RETRIES)
    h.fake.fail(CREATE, upstream, 20001)
    const res = await postAuth({})
    expect(res.statusCode).toBe(status)
    expect(res.json()).toEqual({
      error,
      message: `Failed to create the Flex conversation: Twilio answered ${upstream} (error 20001, https://www.twilio.com/docs/errors/20001). Please try again in a moment.`,
    })
    // The same app serves the next visitor.
    expect((await postAuth({})).statusCode).toBe(201)
  })

  it('a connection that Twilio drops is a 502 too', async () => {
    h = await startHarness(NO_RETRIES)
    server.use(http.post('https://conversations.twilio.com/*', () => HttpResponse.error()))
    const res = await postAuth({})
    expect(res.statusCode).toBe(502)
    expect(res.json().message).toMatch(/^Failed to create the Flex conversation: Twilio could not be reached/)
  })

  it('an unexpected error is a 500 without details or stack', async () => {
    h = await startHarness()
    const app = await buildApp(h.config, {
      gateway: {
        transport: 'conversations',
        startChat: () => Promise.reject(new TypeError('secret internal detail')),
        endChat: () => Promise.resolve(),
        mintAccessToken: () => ({ token: 't', expiresAt: new Date() }),
        availability: () => Promise.resolve({ agentsOnline: null }),
        chatPhase: () => Promise.resolve('ended'),
        rateChat: () => Promise.resolve(true),
        notifyAgent: () => Promise.resolve(),
      },
      logStream: { write: () => undefined },
    })
    const res = await app.inject({ method: 'POST', url: '/auth', payload: {} })
    expect(res.statusCode).toBe(500)
    expect(res.body).not.toContain('secret internal detail')
    expect(res.json()).toEqual({ error: 'Internal Server Error', message: 'Something went wrong on our side. Please try again.' })
    await app.close()
  })
})
