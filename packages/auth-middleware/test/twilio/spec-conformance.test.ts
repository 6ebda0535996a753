import { createManualClock, type ManualClock } from '@flex-escalate/flex-sandbox/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { bearer, type Harness, startHarness } from '../harness.js'
import { SpecOperation } from './openapi-spec.js'
import { FakeTwilio } from './twilio-fake.js'

let h: Harness | undefined
afterEach(async () => {
  await h?.app.close()
  h = undefined
})

const FULL_ESCALATION = {
  visitorName: 'Ada',
  topic: 'billing',
  messageToHumanAgent: 'Refund please',
  summary: ['Visitor: charged twice'],
  sessionHistoryKey: 'shk',
  additionalData: { orderId: 'A-1' },
  locale: 'en',
}

/** Drives every route the way a visitor's chat does, so every Twilio call the middleware makes happens. */
async function everyRoute(harness: Harness, clock: ManualClock) {
  const chat = (await harness.app.inject({ method: 'POST', url: '/auth', payload: FULL_ESCALATION })).json()
  await harness.app.inject({ method: 'POST', url: '/auth/refresh', headers: bearer(chat.sessionToken) })
  await harness.app.inject({ method: 'GET', url: '/agents/availability?topic=billing', headers: bearer(chat.sessionToken) })
  await harness.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(chat.sessionToken) })
  await harness.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(chat.sessionToken) })
  await harness.app.inject({
    method: 'POST',
    url: '/chats/rating',
    headers: bearer(chat.sessionToken),
    payload: { rating: 4, comment: 'Quick and kind' },
  })
  // A visitor who leaves a chat with an agent: the task is read, the agent told, the chat ended later.
  const left = (await harness.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
  for (const task of harness.fake.tasks) if (task.status === 'pending') task.status = 'assigned'
  const presence = { state: 'leaving', page: 'page-0001' }
  await harness.app.inject({ method: 'POST', url: '/chats/presence', headers: bearer(left.sessionToken), payload: presence })
  for (const ms of [harness.config.presence.leavingGraceSeconds * 1000, harness.config.presence.idleEndSeconds * 1000]) {
    clock.advance(ms)
    await harness.app.presence.sweep()
  }
  return chat
}

describe("the fake Twilio agrees with Twilio's OpenAPI specs", () => {
  it('offers only operations the specs define', () => {
    const fake = new FakeTwilio({ defaultQueueSid: `WQ${'0'.repeat(32)}` })
    expect(fake.operations.map((op) => op.id).sort()).toEqual([
      'DELETE conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}',
      'GET chat.twilio.com/v2/Services/{ServiceSid}/Channels/{Sid}',
      'GET conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}',
      'GET flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}',
      'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/CumulativeStatistics',
      'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/RealTimeStatistics',
      'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/Tasks',
      'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}',
      'POST chat.twilio.com/v2/Services/{ServiceSid}/Channels/{ChannelSid}/Messages',
      'POST chat.twilio.com/v2/Services/{ServiceSid}/Channels/{Sid}',
      'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/ConversationWithParticipants',
      'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{ConversationSid}/Messages',
      'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}',
      'POST flex-api.twilio.com/v1/Channels',
      'POST flex-api.twilio.com/v1/Interactions',
      'POST flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}',
      'POST taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}',
    ])
  })

  it('is exercised in full by the middleware, every request and reply conforming', async () => {
    const called = new Set<string>()
    let operations: string[] = []
    for (const api of ['conversations', 'programmable-chat']) {
      // A short timeout, so that a late reply below is a lost one.
      const clock = createManualClock()
      h = await startHarness({ TWILIO_CHAT_API: api, TWILIO_TIMEOUT_MS: '500' }, { clock })
      operations = h.fake.operations.map((op) => op.id)
      await everyRoute(h, clock)
      if (api === 'conversations') {
        // The clean-up path: an Interaction that fails removes its conversation.
        h.fake.fail('POST flex-api.twilio.com/v1/Interactions', 500)
        await h.app.inject({ method: 'POST', url: '/auth', payload: {} })
        // The lost-reply path: the create is repeated, meets its unique name and reads the conversation.
        h.fake.inject('POST conversations.twilio.com/v1/Services/{ChatServiceSid}/ConversationWithParticipants', {
          kind: 'delay',
          ms: 1200,
        })
        expect((await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).statusCode).toBe(201)
      }
      for (const [id, calls] of h.fake.log.calls) if (calls.length > 0) called.add(id)
      expect(h.fake.violations).toEqual([])
      await h.app.close()
    }
    // Only the "close the conversation itself" fallback is unreachable through the routes (every new chat has an Interaction).
    expect(operations.filter((id) => !called.has(id))).toEqual([
      'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}',
    ])
    h = undefined
  })

  it('holds the conversation-close fallback to the spec as well', async () => {
    h = await startHarness()
    const chat = (await h.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
    const { createTwilioGateway } = await import('../../src/flex/twilio/twilio-gateway.js')
    await createTwilioGateway(h.config).endChat({ transport: 'conversations', chatSid: chat.chatSid })
    expect(h.fake.conversations.get(chat.chatSid)!.state).toBe('closed')
    expect(h.fake.calls('POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}')[0]!.form.get('State')).toBe(
      'closed',
    )
    expect(h.fake.violations).toEqual([])
  })
})

describe('the spec check catches a fake that disagrees with Twilio', () => {
  const channels = new SpecOperation('twilio_flex_v1', 'post', '/v1/Channels')

  it('refuses an operation Twilio does not have', () => {
    expect(() => new SpecOperation('twilio_flex_v1', 'post', '/v1/Channels/{Sid}/Close')).toThrow(
      /^Failed to find POST \/v1\/Channels\/\{Sid\}\/Close in twilio_flex_v1\.json/,
    )
  })

  it('reports undefined and missing required form parameters', () => {
    const problems = channels.checkForm(new URLSearchParams({ FlexFlowSid: `FO${'0'.repeat(32)}`, Identity: 'a', Colour: 'red' }))
    expect(problems).toEqual([
      'form parameter Colour is not defined for POST flex-api.twilio.com/v1/Channels',
      'required form parameter ChatUserFriendlyName is missing for POST flex-api.twilio.com/v1/Channels',
      'required form parameter ChatFriendlyName is missing for POST flex-api.twilio.com/v1/Channels',
    ])
  })

  it('reports values outside the enum or pattern', () => {
    const close = new SpecOperation('twilio_flex_v1', 'post', '/v1/Interactions/{InteractionSid}/Channels/{Sid}')
    expect(close.checkForm(new URLSearchParams({ Status: 'done' }))).toEqual([
      'form parameter Status="done" is not one of closed, inactive',
    ])
    expect(
      channels.checkForm(new URLSearchParams({ FlexFlowSid: 'FO1', Identity: 'a', ChatUserFriendlyName: 'a', ChatFriendlyName: 'b' }))[0],
    ).toMatch(/FlexFlowSid="FO1" does not match/)
  })

  it('reports undeclared statuses and reply bodies the schema rejects', () => {
    expect(channels.checkResponse(200, {})).toEqual([
      'status 200 is not a declared response of POST flex-api.twilio.com/v1/Channels (declared: 201)',
    ])
    expect(channels.checkResponse(201, { sid: 'not-a-channel-sid', task_sid: 42 })).toEqual([
      'response of POST flex-api.twilio.com/v1/Channels: /sid must NOT have fewer than 34 characters',
      'response of POST flex-api.twilio.com/v1/Channels: /sid must match pattern "^CH[0-9a-fA-F]{32}$"',
      'response of POST flex-api.twilio.com/v1/Channels: /task_sid must be string',
    ])
  })

  it('reports query parameters the operation does not take', () => {
    const tasks = new SpecOperation('twilio_taskrouter_v1', 'get', '/v1/Workspaces/{WorkspaceSid}/Tasks')
    expect(tasks.checkQuery(new URLSearchParams({ TaskQueueSid: `WQ${'0'.repeat(32)}`, Sort: 'asc' }))).toEqual([
      'query parameter Sort is not defined for GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/Tasks',
    ])
  })
})
