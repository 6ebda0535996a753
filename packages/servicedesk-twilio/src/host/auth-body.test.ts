import { AUTH_LIMITS, AuthRequestBody } from '@flex-escalate/api'
import { Value } from 'typebox/value'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildDesk, connectMessage } from '../../test/harness.js'
import { hostKinds } from '../../test/hosts.js'
import { useFakeMiddleware } from '../../test/middleware.js'
import { authBodyFor } from './auth-body.js'

const middleware = useFakeMiddleware()

describe('pre-chat answers in the /auth body', () => {
  beforeEach(() => {
    vi.stubGlobal('navigator', undefined)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('forwards preStartChatPayload as preChat, numbers as text', () => {
    const body = authBodyFor(connectMessage, { preStartChatPayload: { name: 'Ada', orderNumber: 1042 } })
    expect(body.preChat).toEqual({ name: 'Ada', orderNumber: '1042' })
  })

  it('keeps only what /auth takes: string answers under allowed keys, trimmed, within the limits', () => {
    const many = Object.fromEntries(Array.from({ length: AUTH_LIMITS.preChatEntries + 5 }, (_, i) => [`q${i}`, `a${i}`]))
    const body = authBodyFor(connectMessage, {
      preStartChatPayload: {
        'bad key!': 'x',
        nested: { a: 'b' },
        flag: true,
        notANumber: Number.NaN,
        blank: '   ',
        long: ` ${'x'.repeat(AUTH_LIMITS.preChatValue + 50)} `,
        ...many,
      },
    })
    expect(Object.keys(body.preChat ?? {})).toHaveLength(AUTH_LIMITS.preChatEntries)
    expect(body.preChat?.long).toBe('x'.repeat(AUTH_LIMITS.preChatValue))
    expect(body.preChat).not.toHaveProperty('bad key!')
    expect(body.preChat).not.toHaveProperty('nested')
    expect(body.preChat).not.toHaveProperty('flag')
    expect(body.preChat).not.toHaveProperty('blank')
    expect(Value.Check(AuthRequestBody, body)).toBe(true)
  })

  it.each([undefined, null, 'Ada', ['Ada'], {}, { blank: '' }])('sends no preChat for the payload %j', (payload) => {
    expect(authBodyFor(connectMessage, { preStartChatPayload: payload })).not.toHaveProperty('preChat')
  })
})

describe.each(hostKinds)('the service desk, %s host, with pre-chat answers', (_kind, makeHost) => {
  it("sends the host's preStartChatPayload to /auth as preChat", async () => {
    const h = await buildDesk(makeHost())
    await h.desk.startChat(connectMessage, { preStartChatPayload: { name: 'Ada Lovelace', orderNumber: 'A-1042' } })
    const [auth] = middleware.of('auth')
    expect(auth?.body).toMatchObject({ topic: 'billing', preChat: { name: 'Ada Lovelace', orderNumber: 'A-1042' } })
    await h.desk.endChat({})
  })
})
