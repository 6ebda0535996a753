/**
 * Abuse, continued: a session token acts on its own chat only; forged visitor JWTs are 401; an unlisted
 * origin gets no CORS headers; the Twilio webhook answers 403 unless `X-Twilio-Signature` is valid, and a
 * closed chat it reports is answered without calling Twilio again.
 */
import jwt from 'jsonwebtoken'
import twilio from 'twilio'
import { afterEach, describe, expect, it } from 'vitest'
import { bearer, type Harness, startHarness, VISITOR_SECRET } from '../../harness.js'

let h: Harness
afterEach(async () => {
  expect(h.fake.violations).toEqual([])
  await h.app.close()
})

const AUTH_TOKEN = 'a'.repeat(32)
const now = () => Math.floor(Date.now() / 1000)
const start = async () => (await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' } })).json()

describe('a session token acts on its own chat only', () => {
  it('refresh, end and availability with chat A never touch chat B; a token re-pointed at B is 401', async () => {
    h = await startHarness()
    const a = await start()
    const b = await start()
    const repointed = jwt.sign(
      { ...(jwt.decode(a.sessionToken) as object), chat: (jwt.decode(b.sessionToken) as { chat: object }).chat },
      'guess-the-session-secret-guess-the-secret',
    )
    for (const [method, url] of [
      ['POST', '/auth/refresh'],
      ['POST', '/chats/end'],
      ['GET', '/agents/availability'],
    ] as const) {
      const res = await h.app.inject({ method, url, headers: bearer(repointed) })
      expect(res.statusCode).toBe(401)
    }
    expect((await h.app.inject({ method: 'POST', url: '/auth/refresh', headers: bearer(a.sessionToken) })).json().identity).toBe(a.identity)
    expect((await h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(a.sessionToken) })).statusCode).toBe(204)
    expect(h.fake.conversations.get(a.chatSid)!.state).toBe('closed')
    expect(h.fake.conversations.get(b.chatSid)!.state).toBe('active')
    expect((await h.app.inject({ method: 'GET', url: '/agents/availability', headers: bearer(b.sessionToken) })).json()).toMatchObject({
      positionInQueue: 1,
    })
  })
})

describe('visitor JWTs that must not pass → 401', () => {
  const sign = (claims: object, options: jwt.SignOptions = {}, key = VISITOR_SECRET) =>
    jwt.sign({ sub: 'u-1', ...claims }, key, { algorithm: 'HS256', audience: 'flex', ...options })
  it.each([
    ['alg none', () => jwt.sign({ sub: 'u-1', aud: 'flex', exp: now() + 60 }, null, { algorithm: 'none' })],
    ['a wrong key', () => sign({}, { expiresIn: 60 }, 'a-wrong-key-a-wrong-key-a-wrong-key-!')],
    ['expired', () => sign({ exp: now() - 5 })],
    ['not yet valid', () => sign({}, { expiresIn: 600, notBefore: 300 })],
    ['a wrong audience', () => sign({}, { expiresIn: 60, audience: 'another-site' })],
  ])('%s', async (_name, token) => {
    h = await startHarness({ VISITOR_JWT_SECRET: VISITOR_SECRET, VISITOR_JWT_AUDIENCE: 'flex' })
    const res = await h.app.inject({ method: 'POST', url: '/auth', payload: {}, headers: bearer(token()) })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ error: 'Unauthorized', field: 'authorization' })
    expect(h.fake.conversations.size).toBe(0)
  })
})

describe('CORS', () => {
  it('an unlisted origin gets no CORS headers, preflight or not', async () => {
    h = await startHarness()
    const origin = 'https://evil.example'
    const preflight = await h.app.inject({ method: 'OPTIONS', url: '/auth', headers: { origin, 'access-control-request-method': 'POST' } })
    const call = await h.app.inject({ method: 'POST', url: '/auth', payload: {}, headers: { origin } })
    for (const res of [preflight, call]) {
      expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
    }
  })
})

describe('the Twilio webhook', () => {
  const URL_PATH = '/webhooks/twilio/conversations'
  const PUBLIC_BASE = 'https://flex.example.com'
  const PUBLIC_URL = `${PUBLIC_BASE}${URL_PATH}`
  const sign = (form: Record<string, string>, token = AUTH_TOKEN) => twilio.getExpectedTwilioSignature(token, PUBLIC_URL, form)
  const post = (form: Record<string, string>, signature?: string) =>
    h.app.inject({
      method: 'POST',
      url: URL_PATH,
      payload: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
    })

  it('answers 403 without a signature, with a forged one, or one made with another Auth Token', async () => {
    h = await startHarness({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_WEBHOOK_URL: PUBLIC_BASE })
    const form = { EventType: 'onConversationStateUpdated', ConversationSid: `CH${'1'.repeat(32)}`, StateTo: 'closed' }
    for (const signature of [undefined, 'bm90LWEtc2lnbmF0dXJl', sign(form, 'b'.repeat(32)), sign({ ...form, StateTo: 'active' })]) {
      const res = await post(form, signature)
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ error: 'Forbidden', field: 'headers.x-twilio-signature' })
    }
    expect(h.app.closedChats.size).toBe(0)
  })

  it('a signed "closed" event is recorded: ending or asking about that chat no longer calls Twilio', async () => {
    h = await startHarness({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_WEBHOOK_URL: PUBLIC_BASE })
    const chat = await start()
    const form = {
      EventType: 'onConversationStateUpdated',
      ConversationSid: chat.chatSid,
      StateFrom: 'active',
      StateTo: 'closed',
      AccountSid: `AC${'0'.repeat(32)}`,
    }
    expect((await post(form, sign(form))).statusCode).toBe(204)
    expect((await h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(chat.sessionToken) })).statusCode).toBe(204)
    expect(h.fake.calls('GET flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}')).toHaveLength(0)
    const availability = await h.app.inject({
      method: 'GET',
      url: '/agents/availability?topic=billing',
      headers: bearer(chat.sessionToken),
    })
    expect(availability.json()).toEqual({ agentsOnline: false })
  })

  it('is not mounted without TWILIO_AUTH_TOKEN (nothing could verify it)', async () => {
    h = await startHarness()
    expect((await post({ EventType: 'x' }, 'sig')).statusCode).toBe(404)
  })
})
