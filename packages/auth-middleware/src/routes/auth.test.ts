import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY_SECRET, bearer, type Harness, SIDS, startHarness } from '../../test/harness.js'

let h: Harness
afterEach(async () => {
  expect(h.fake.violations).toEqual([])
  await h.app.close()
})

const escalation = {
  visitorName: 'Ada',
  topic: 'Billing',
  messageToHumanAgent: 'The visitor wants a refund.',
  summary: ['Visitor: I was charged twice', 'Assistant: I can connect you to an agent'],
  sessionHistoryKey: 'shk-123',
  additionalData: { orderId: 'A-42' },
  locale: 'en-GB',
}

describe('POST /auth on Flex Conversations', () => {
  it('sets the timers the configuration asks for, with the state Twilio needs beside them, and none when off', async () => {
    h = await startHarness({ TWILIO_CONVERSATION_INACTIVE_AFTER: 'off', TWILIO_CONVERSATION_CLOSED_AFTER: 'PT2H' })
    const first = (await h.app.inject({ method: 'POST', url: '/auth', payload: escalation })).json()
    expect(h.fake.conversations.get(first.chatSid)!.timers).toEqual({ inactive: null, closed: 'PT2H' })
    const [create] = h.fake.calls('POST conversations.twilio.com/v1/Services/{ChatServiceSid}/ConversationWithParticipants')
    expect(create!.form.get('State')).toBe('active')
    await h.app.close()

    h = await startHarness({ TWILIO_CONVERSATION_INACTIVE_AFTER: 'off', TWILIO_CONVERSATION_CLOSED_AFTER: 'off' })
    const second = (await h.app.inject({ method: 'POST', url: '/auth', payload: escalation })).json()
    expect(h.fake.conversations.get(second.chatSid)!.timers).toEqual({ inactive: null, closed: null })
    const [plain] = h.fake.calls('POST conversations.twilio.com/v1/Services/{ChatServiceSid}/ConversationWithParticipants')
    expect(plain!.form.has('State')).toBe(false)
  })

  it('creates the conversation with the visitor in one call, then posts the summary and routes an Interaction', async () => {
    h = await startHarness()
    const res = await h.app.inject({ method: 'POST', url: '/auth', payload: escalation })
    expect(res.statusCode).toBe(201)
    expect(res.headers['cache-control']).toBe('no-store')
    const body = res.json()
    expect(body.transport).toBe('conversations')
    expect(body.identity).toMatch(/^anon_[0-9a-f-]{36}$/)

    const conversation = h.fake.conversations.get(body.chatSid)!
    expect(conversation.serviceSid).toBe(SIDS.chatService)
    expect(conversation.participants.map((p) => p.identity)).toEqual([body.identity])
    expect(JSON.parse(conversation.participants[0]!.attributes)).toEqual({ friendlyName: escalation.visitorName })
    expect(conversation.uniqueName).toMatch(/^flex-escalate-[0-9a-f-]{36}$/)
    // Abandoned, it closes on its own: inactive after an hour without a message, closed after a day.
    expect(conversation.timers).toEqual({ inactive: 'PT1H', closed: 'P1D' })
    expect(h.fake.calls('POST conversations.twilio.com/v1/Services/{ChatServiceSid}/ConversationWithParticipants')).toHaveLength(1)
    expect(conversation.messages).toHaveLength(1)
    expect(conversation.messages[0]!.body).toBe(
      'Topic: Billing\nThe visitor wants a refund.\nVisitor: I was charged twice\nAssistant: I can connect you to an agent',
    )
    expect(JSON.parse(conversation.messages[0]!.attributes)).toEqual({ kind: 'assistant-transcript' })

    const [interaction] = h.fake.calls('POST flex-api.twilio.com/v1/Interactions')
    expect(JSON.parse(interaction!.form.get('Channel')!)).toEqual({
      type: 'chat',
      initiated_by: 'customer',
      properties: { media_channel_sid: body.chatSid },
    })
    const routing = JSON.parse(interaction!.form.get('Routing')!)
    expect(routing.properties).toMatchObject({
      workspace_sid: SIDS.workspace,
      workflow_sid: SIDS.workflow,
      task_channel_unique_name: 'chat',
    })
    expect(routing.properties.attributes).toMatchObject({
      name: 'Ada',
      topic: 'Billing',
      summary: escalation.summary,
      sessionHistoryKey: 'shk-123',
      additionalData: { orderId: 'A-42' },
      conversationSid: body.chatSid,
      // A workflow routes on it: `language == "en"`.
      locale: 'en-GB',
      language: 'en',
    })
    // The task landed in the topic's queue.
    expect(h.fake.pendingTasks(SIDS.billingQueue)).toHaveLength(1)
  })

  it('mints an access token with a ChatGrant for that identity and the configured TTL', async () => {
    h = await startHarness({ ACCESS_TOKEN_TTL_SECONDS: '900' })
    const before = Math.floor(Date.now() / 1000)
    const body = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    const claims = jwt.verify(body.token, API_KEY_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload
    expect(claims.iss).toBe(SIDS.apiKey)
    expect(claims.sub).toBe(SIDS.account)
    expect(claims.grants).toEqual({ identity: body.identity, chat: { service_sid: SIDS.chatService } })
    expect(claims.exp! - before).toBeGreaterThanOrEqual(900)
    expect(claims.exp! - before).toBeLessThanOrEqual(901)
    expect(Date.parse(body.tokenExpiresAt) / 1000).toBeCloseTo(claims.exp!, -1)
  })

  it('issues a session token that expires after the configured session TTL', async () => {
    h = await startHarness({ SESSION_TOKEN_TTL_SECONDS: '3600' })
    const body = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    const expiresIn = (Date.parse(body.sessionExpiresAt) - Date.now()) / 1000
    expect(expiresIn).toBeGreaterThan(3590)
    expect(expiresIn).toBeLessThanOrEqual(3600)
  })

  it('gives every anonymous visitor a different identity', async () => {
    h = await startHarness()
    const a = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    const b = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    expect(a.identity).not.toBe(b.identity)
  })

  it('posts no summary message when there is nothing to summarise', async () => {
    h = await startHarness()
    const body = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    expect(h.fake.conversations.get(body.chatSid)!.messages).toEqual([])
  })

  it('removes the conversation again when the Interaction cannot be created', async () => {
    h = await startHarness()
    h.fake.fail('POST flex-api.twilio.com/v1/Interactions', 500)
    const res = await h.app.inject({ method: 'POST', url: '/auth', payload: escalation })
    expect(res.statusCode).toBe(502)
    expect(res.json().message).toBe(
      'Failed to route the chat to Flex: Twilio answered 500 (error 20500, https://www.twilio.com/docs/errors/20500). Please try again in a moment.',
    )
    expect(h.fake.calls('DELETE conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}')).toHaveLength(1)
    expect(h.fake.conversations.size).toBe(0)
  })
})

describe('POST /auth on legacy Programmable Chat', () => {
  it('creates a Flex Flow channel whose task carries topic, summary and session history key', async () => {
    h = await startHarness({ TWILIO_CHAT_API: 'programmable-chat' })
    const res = await h.app.inject({ method: 'POST', url: '/auth', payload: escalation })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.transport).toBe('programmable-chat')
    const [call] = h.fake.calls('POST flex-api.twilio.com/v1/Channels')
    expect(call!.form.get('FlexFlowSid')).toBe(SIDS.flexFlow)
    expect(call!.form.get('Identity')).toBe(body.identity)
    expect(call!.form.get('ChatUserFriendlyName')).toBe('Ada')
    expect(call!.form.get('ChatFriendlyName')).toBe('Web chat: Ada')
    expect(JSON.parse(call!.form.get('PreEngagementData')!)).toMatchObject({ friendlyName: 'Ada', topic: 'Billing' })
    expect(JSON.parse(call!.form.get('TaskAttributes')!)).toMatchObject({
      topic: 'Billing',
      summary: escalation.summary,
      sessionHistoryKey: 'shk-123',
    })
    expect(h.fake.legacyChannels.has(body.chatSid)).toBe(true)
  })
})

describe('POST /auth/refresh', () => {
  it('mints a fresh access token for the same identity, also after the first one expired', async () => {
    h = await startHarness({ ACCESS_TOKEN_TTL_SECONDS: '60' })
    const started = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    const realNow = Date.now
    Date.now = () => realNow() + 120_000 // the first access token has expired
    try {
      expect(() => jwt.verify(started.token, API_KEY_SECRET)).toThrow(jwt.TokenExpiredError)
      const res = await h.app.inject({ method: 'POST', url: '/auth/refresh', headers: bearer(started.sessionToken) })
      expect(res.statusCode).toBe(200)
      const refreshed = res.json()
      expect(refreshed.identity).toBe(started.identity)
      const claims = jwt.verify(refreshed.token, API_KEY_SECRET, { clockTimestamp: Math.floor(Date.now() / 1000) }) as jwt.JwtPayload
      expect(claims.grants.identity).toBe(started.identity)
    } finally {
      Date.now = realNow
    }
  })

  it('refuses an access token in place of the session token', async () => {
    h = await startHarness()
    const started = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    const res = await h.app.inject({ method: 'POST', url: '/auth/refresh', headers: bearer(started.token) })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ error: 'Unauthorized', field: 'authorization' })
  })

  it('asks for the session token when the header is missing', async () => {
    h = await startHarness()
    const res = await h.app.inject({ method: 'POST', url: '/auth/refresh' })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ field: 'authorization' })
    expect(res.json().message).toMatch(/^A session token is required/)
  })

  it('refuses a body it does not take', async () => {
    h = await startHarness()
    const started = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: bearer(started.sessionToken),
      payload: { identity: 'someone-else' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().field).toBe('body.identity')
  })
})
