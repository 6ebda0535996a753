import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY_SECRET, bearer, type Harness, SESSION_SECRET, startHarness, VISITOR_SECRET } from '../test/harness.js'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

describe('CORS', () => {
  it('lets a listed origin call the API, preflight included', async () => {
    h = await startHarness()
    const preflight = await h.app.inject({
      method: 'OPTIONS',
      url: '/auth',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example.com')
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/Authorization/)
    const res = await h.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://shop.example.com' } })
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com')
  })

  it('gives an unlisted origin no CORS headers, so the browser blocks it', async () => {
    h = await startHarness()
    const res = await h.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } })
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await h.app.inject({
      method: 'OPTIONS',
      url: '/auth',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('allows no cross-origin call at all when ALLOWED_ORIGINS is empty', async () => {
    h = await startHarness({ ALLOWED_ORIGINS: '' })
    const res = await h.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://shop.example.com' } })
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('GET /healthz', () => {
  it('is alive without calling Twilio', async () => {
    h = await startHarness()
    const res = await h.app.inject({ method: 'GET', url: '/healthz' })
    expect(res.json()).toEqual({ status: 'ok' })
    expect(h.fake.log.calls.size).toBe(0)
  })
})

describe('logs', () => {
  it('never contain a credential, across every route, at trace level', async () => {
    h = await startHarness({ LOG_LEVEL: 'trace', VISITOR_JWT_SECRET: VISITOR_SECRET })
    const visitorJwt = jwt.sign({ sub: 'customer-1' }, VISITOR_SECRET, { algorithm: 'HS256', expiresIn: 60 })
    const started = (
      await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' }, headers: bearer(visitorJwt) })
    ).json()
    const refreshed = (await h.app.inject({ method: 'POST', url: '/auth/refresh', headers: bearer(started.sessionToken) })).json()
    await h.app.inject({ method: 'GET', url: '/agents/availability?topic=billing', headers: bearer(started.sessionToken) })
    await h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(started.sessionToken) })
    await h.app.inject({ method: 'POST', url: '/auth/refresh', headers: bearer(`${started.sessionToken}x`) })
    h.fake.fail('POST flex-api.twilio.com/v1/Interactions', 500)
    await h.app.inject({ method: 'POST', url: '/auth', payload: {}, headers: bearer(visitorJwt) })

    const output = h.logs.join('')
    expect(output).toContain('escalation started') // the scan below has something to read
    for (const secret of [
      visitorJwt,
      started.token,
      started.sessionToken,
      refreshed.token,
      API_KEY_SECRET,
      SESSION_SECRET,
      VISITOR_SECRET,
    ]) {
      expect(output).not.toContain(secret)
      // A JWT's signature alone is enough to replay nothing, but its payload+signature tail must not leak either.
      expect(output).not.toContain(secret.slice(-20))
    }
  })
})

describe('log redaction', () => {
  it('blanks credentials even when a log call passes them by mistake', async () => {
    h = await startHarness({ LOG_LEVEL: 'info' })
    h.app.log.info({ reply: { token: 'tok-1', sessionToken: 'ses-1' }, headers: { authorization: 'Bearer abc' } }, 'oops')
    const line = h.logs.find((l) => l.includes('oops'))!
    expect(JSON.parse(line)).toMatchObject({
      reply: { token: '[redacted]', sessionToken: '[redacted]' },
      headers: { authorization: '[redacted]' },
    })
  })
})
