import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../test/harness.js'
import { errorReply, MIDDLEWARE, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import { MiddlewareClient } from '../middleware/middleware-client.js'
import { END_RETRY_DELAYS_MS, FlexEnder } from './flex-ender.js'

const middleware = useFakeMiddleware()

function ender() {
  const lines: Array<[string, unknown]> = []
  const logger = { ...silentLogger, warn: (message: string, details?: unknown) => lines.push([message, details]) }
  return { ender: new FlexEnder(new MiddlewareClient(MIDDLEWARE), logger), lines }
}

describe('FlexEnder', () => {
  it('resolves true after one /chats/end that worked, and tries nothing more', async () => {
    const { ender: flex } = ender()
    vi.useFakeTimers()
    await expect(flex.end(SESSION_TOKEN, 'test')).resolves.toBe(true)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(middleware.of('end').map((request) => request.authorization)).toEqual([`Bearer ${SESSION_TOKEN}`])
  })

  it.each([
    ['a 503', () => errorReply(503, 'flex_unavailable', 'Twilio answered 503')],
    ['a 429', () => errorReply(429, 'too_many_requests', 'Slow down')],
    ['an unreachable middleware', () => HttpResponse.error()],
  ])('after %s, tries again after 1 s, 4 s and 15 s, then gives up; the first attempt resolves false at once', async (_label, failure) => {
    middleware.server.use(http.post(`${MIDDLEWARE}chats/end`, failure))
    const { ender: flex, lines } = ender()
    vi.useFakeTimers()
    await expect(flex.end(SESSION_TOKEN, 'test')).resolves.toBe(false)
    for (const delay of END_RETRY_DELAYS_MS) await vi.advanceTimersByTimeAsync(delay)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(lines.map(([message]) => message)).toEqual([
      'Ending the chat on the Flex side (test) failed, attempt 1 of 4; trying again in 1 s',
      'Ending the chat on the Flex side (test) failed, attempt 2 of 4; trying again in 4 s',
      'Ending the chat on the Flex side (test) failed, attempt 3 of 4; trying again in 15 s',
      'Ending the chat on the Flex side (test) failed, attempt 4 of 4; giving up',
    ])
    // Never the session token in what is logged.
    expect(JSON.stringify(lines)).not.toContain(SESSION_TOKEN)
  })

  it('stops at the first attempt the middleware refuses (401: it would refuse again)', async () => {
    middleware.answer('end', () => errorReply(401, 'unauthorized', 'The session token was rejected'))
    const { ender: flex, lines } = ender()
    vi.useFakeTimers()
    await expect(flex.end(SESSION_TOKEN, 'test')).resolves.toBe(false)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(middleware.of('end')).toHaveLength(1)
    expect(lines).toEqual([
      [
        'Ending the chat on the Flex side (test) failed, attempt 1 of 4; giving up',
        { status: 401, code: 'unauthorized', message: 'The session token was rejected' },
      ],
    ])
  })

  it('stops retrying once an attempt works', async () => {
    let refusals = 1
    middleware.answer('end', () => (refusals-- > 0 ? errorReply(502, 'bad_gateway', 'down') : new HttpResponse(null, { status: 204 })))
    const { ender: flex } = ender()
    vi.useFakeTimers()
    await flex.end(SESSION_TOKEN, 'test')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(middleware.of('end')).toHaveLength(2)
  })
})
