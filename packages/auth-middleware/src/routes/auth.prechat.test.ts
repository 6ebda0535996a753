/**
 * `POST /auth`'s `preChat` (the visitor's answers to the host's pre-chat form): refused by name when out of
 * bounds, and carried as the `preChat` task attribute on both Twilio APIs (real `twilio` SDK against the
 * spec-checked fakes) and in the sandbox.
 */
import { AUTH_LIMITS } from '@flex-escalate/api'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startHarness } from '../../test/harness.js'
import { type SandboxHarness, startSandbox } from '../../test/sandbox/sandbox-harness.js'

const preChat = { name: 'Ada Lovelace', orderNumber: 'A-1042' }

describe('POST /auth with pre-chat answers on Twilio', () => {
  let h: Harness
  afterEach(async () => {
    expect(h.fake.violations).toEqual([])
    await h.app.close()
  })

  it('routes the Interaction with the answers as the preChat task attribute (Conversations)', async () => {
    h = await startHarness()
    const res = await h.app.inject({ method: 'POST', url: '/auth', payload: { visitorName: 'Ada', preChat } })
    expect(res.statusCode).toBe(201)
    const [interaction] = h.fake.calls('POST flex-api.twilio.com/v1/Interactions')
    const routing = JSON.parse(interaction!.form.get('Routing')!)
    expect(routing.properties.attributes).toMatchObject({ name: 'Ada', preChat })
  })

  it('creates the Flex Flow channel with the answers as the preChat task attribute (legacy Programmable Chat)', async () => {
    h = await startHarness({ TWILIO_CHAT_API: 'programmable-chat' })
    const res = await h.app.inject({ method: 'POST', url: '/auth', payload: { preChat } })
    expect(res.statusCode).toBe(201)
    const [call] = h.fake.calls('POST flex-api.twilio.com/v1/Channels')
    expect(JSON.parse(call!.form.get('TaskAttributes')!)).toMatchObject({ preChat })
  })

  it('leaves the attribute out when there are no answers', async () => {
    h = await startHarness()
    await h.app.inject({ method: 'POST', url: '/auth', payload: { preChat: {} } })
    const [interaction] = h.fake.calls('POST flex-api.twilio.com/v1/Interactions')
    expect(JSON.parse(interaction!.form.get('Routing')!).properties.attributes).not.toHaveProperty('preChat')
  })

  const tooMany = Object.fromEntries(Array.from({ length: AUTH_LIMITS.preChatEntries + 1 }, (_, i) => [`q${i}`, 'a']))
  it.each([
    ['body.preChat', { preChat: tooMany }, `body.preChat must NOT have more than ${AUTH_LIMITS.preChatEntries} properties`],
    [
      'body.preChat.orderNumber',
      { preChat: { orderNumber: 'x'.repeat(AUTH_LIMITS.preChatValue + 1) } },
      `body.preChat.orderNumber must NOT have more than ${AUTH_LIMITS.preChatValue} characters`,
    ],
    ['body.preChat.orderNumber', { preChat: { orderNumber: 1042 } }, 'body.preChat.orderNumber must be string'],
    ['body.preChat.order number', { preChat: { 'order number': 'A-1' } }, 'body.preChat.order number is not a known field; remove it'],
    ['body.preChat', { preChat: ['Ada'] }, 'body.preChat must be object'],
  ])('refuses a bad %s with a 400 naming it, before any chat is opened', async (field, payload, message) => {
    h = await startHarness()
    const res = await h.app.inject({ method: 'POST', url: '/auth', payload })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'Bad Request', field, message })
    expect(h.fake.conversations.size).toBe(0)
  })
})

describe('POST /auth with pre-chat answers in the sandbox', () => {
  let h: SandboxHarness
  afterEach(async () => {
    await h?.close()
  })

  it('gives the sandbox task the preChat attribute the agent console reads', async () => {
    h = await startSandbox()
    const auth = await h.escalate({ visitorName: 'Ada', preChat })
    expect(h.sandbox.router.openTaskForChat(auth.chatSid)?.attributes).toMatchObject({ name: 'Ada', preChat })
  })
})
