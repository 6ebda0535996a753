import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { authReply, errorReply, MIDDLEWARE, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import { es } from '../i18n/es.js'
import { ENGLISH } from '../i18n/phrasebook.js'
import { ptBR } from '../i18n/pt-BR.js'
import { loadPhrasebook } from '../i18n/visitor-locale.js'
import { DEFAULT_TIMEOUT_MS, MiddlewareClient } from './middleware-client.js'
import { MiddlewareError, visitorSentence } from './middleware-error.js'

const middleware = useFakeMiddleware()

const client = new MiddlewareClient(MIDDLEWARE)

describe('MiddlewareClient', () => {
  it('posts /auth under the base path with the visitor token and returns the reply', async () => {
    const { tokenExpiresAt: _t, sessionExpiresAt: _s, ...stable } = authReply()
    await expect(client.auth({ topic: 'billing' }, 'visitor.jwt')).resolves.toMatchObject(stable)
    expect(middleware.of('auth')).toEqual([{ route: 'auth', authorization: 'Bearer visitor.jwt', body: { topic: 'billing' } }])
  })

  it('sends the session token to refresh, end and availability', async () => {
    await client.refresh(SESSION_TOKEN)
    await client.endChat(SESSION_TOKEN)
    await client.availability('sales', SESSION_TOKEN)
    expect(middleware.requests.map((request) => [request.route, request.authorization])).toEqual([
      ['refresh', `Bearer ${SESSION_TOKEN}`],
      ['end', `Bearer ${SESSION_TOKEN}`],
      ['availability', `Bearer ${SESSION_TOKEN}`],
    ])
    expect(middleware.of('availability')[0]?.query).toEqual({ topic: 'sales' })
  })

  it('asks availability without topic or token when it has none', async () => {
    await client.availability()
    expect(middleware.of('availability')[0]).toMatchObject({ authorization: null, query: {} })
  })

  it("turns the middleware's error reply into a MiddlewareError", async () => {
    middleware.answer('refresh', () => errorReply(401, 'unauthorized', 'Session expired'))
    const error = await client.refresh('old').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(MiddlewareError)
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', message: 'Session expired', isUnauthorized: true })
  })

  it('rejects a reply without the fields it promises', async () => {
    middleware.server.use(http.post(`${MIDDLEWARE}auth/refresh`, () => HttpResponse.json({ token: 't' })))
    await expect(client.refresh('s')).rejects.toMatchObject({ status: 502, code: 'bad_reply' })
  })

  it('gives up after the timeout', async () => {
    vi.useFakeTimers()
    middleware.answer('end', () => new Promise<Response>(() => undefined))
    const ending = client.endChat('s').catch((caught: unknown) => caught)
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS)
    await expect(ending).resolves.toMatchObject({ status: 0, code: 'timeout' })
  })

  it('reports an unreachable middleware as a network error', async () => {
    middleware.server.use(http.post(`${MIDDLEWARE}chats/end`, () => HttpResponse.error()))
    await expect(client.endChat('s')).rejects.toMatchObject({ status: 0, code: 'network' })
  })
})

describe('visitorSentence', () => {
  it.each([
    ['unreachable', new MiddlewareError(0, 'network', ''), /check your connection/],
    ['401', new MiddlewareError(401, 'unauthorized', ''), /confirm who you are/],
    ['429', new MiddlewareError(429, 'too_many_requests', ''), /Too many people/],
    ['502', new MiddlewareError(502, 'bad_gateway', ''), /not available right now/],
    ['400', new MiddlewareError(400, 'bad_request', ''), /could not start a chat/],
    ['a Twilio failure', new Error('twilio'), /could not open the chat/],
  ])('explains %s', (_label, error, sentence) => {
    expect(visitorSentence(error, ENGLISH)).toMatch(sentence)
  })

  it("says it in the visitor's language", async () => {
    expect(visitorSentence(new MiddlewareError(429, 'too_many_requests', ''), await loadPhrasebook('pt-BR'))).toBe(ptBR.startBusy)
    expect(visitorSentence(new Error('twilio'), await loadPhrasebook('es-MX'))).toBe(es.startFailed)
  })
})
