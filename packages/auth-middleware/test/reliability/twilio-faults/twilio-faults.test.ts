/**
 * Twilio faults (msw, the spec-checked fake): 429 with Retry-After, 500/503, timeouts and connection resets on
 * every Twilio call. Idempotent calls recover inside the retry budget; creates are never repeated; a start that
 * fails at any step leaves nothing open; the visitor gets 502/503 with a clear message.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/app.js'
import { createTwilioGateway } from '../../../src/flex/twilio/twilio-gateway.js'
import { bearer, type Harness, startHarness } from '../../harness.js'
import { type Fault, twilioError } from '../../twilio/twilio-route.js'
import { recordFigures } from '../figures.js'

let h: Harness | undefined
let faults = 0
let orphans = 0

afterEach(async () => {
  if (!h) return
  faults += h.fake.faultsServed
  expect(h.fake.violations).toEqual([])
  await h.app.close()
  h = undefined
  recordFigures('twilio-faults', { faultsInjected: faults, orphansLeft: orphans })
  faults = 0
  orphans = 0
})

/** Short timeouts so that a late answer is a timeout within the test's time. */
const FAST = { TWILIO_TIMEOUT_MS: '500', TWILIO_RETRY_BUDGET_MS: '3000' }
const LATE_MS = 1200

const TRANSIENT: [string, Fault][] = [
  ['500', { kind: 'reply', reply: twilioError(500, 20500, 'Internal Server Error') }],
  ['503', { kind: 'reply', reply: twilioError(503, 20503, 'Service Unavailable') }],
  ['429 with Retry-After', { kind: 'reply', reply: { ...twilioError(429, 20429, 'Too Many Requests'), headers: { 'Retry-After': '1' } } }],
  ['a connection reset', { kind: 'reset' }],
  ['a timeout', { kind: 'delay', ms: LATE_MS }],
]

const OP = {
  createConversation: 'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/ConversationWithParticipants',
  readConversation: 'GET conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}',
  postSummary: 'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{ConversationSid}/Messages',
  createInteraction: 'POST flex-api.twilio.com/v1/Interactions',
  removeConversation: 'DELETE conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}',
  readChannel: 'GET flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}',
  closeChannel: 'POST flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}',
  realTime: 'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/RealTimeStatistics',
  tasks: 'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/Tasks',
  cumulative: 'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/CumulativeStatistics',
  legacyCreate: 'POST flex-api.twilio.com/v1/Channels',
  legacyRead: 'GET chat.twilio.com/v2/Services/{ServiceSid}/Channels/{Sid}',
  legacyClose: 'POST chat.twilio.com/v2/Services/{ServiceSid}/Channels/{Sid}',
} as const

const ESCALATION = { visitorName: 'Ada', topic: 'billing', summary: ['Visitor: charged twice'] }
const start = (harness: Harness) => harness.app.inject({ method: 'POST', url: '/auth', payload: ESCALATION })

function expectNothingOpen(harness: Harness) {
  const open = harness.fake.openResources()
  orphans += open.conversations.length + open.legacyChannels.length + open.tasks.length
  expect(open).toEqual({ conversations: [], legacyChannels: [], tasks: [] })
}

describe('idempotent Twilio calls are retried with backoff inside the budget', () => {
  it.each(TRANSIENT)('reads and the end survive %s twice in a row', async (_name, fault) => {
    h = await startHarness(FAST)
    const chat = (await start(h)).json()
    for (const op of [OP.realTime, OP.tasks, OP.cumulative]) h.fake.inject(op, fault, 2)
    const availability = await h.app.inject({ method: 'GET', url: '/agents/availability', headers: bearer(chat.sessionToken) })
    expect(availability.statusCode).toBe(200)
    expect(availability.json()).toMatchObject({ positionInQueue: 1 })
    for (const op of [OP.readChannel, OP.closeChannel]) h.fake.inject(op, fault, 2)
    const started = Date.now()
    const ended = await h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(chat.sessionToken) })
    expect(ended.statusCode).toBe(204)
    if (_name.startsWith('429')) expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 1000 - 100)
    expect(h.fake.calls(OP.closeChannel).length).toBeGreaterThanOrEqual(3)
    expectNothingOpen(h)
  })

  it('legacy Programmable Chat: the status read and the INACTIVE update are retried too', async () => {
    h = await startHarness({ ...FAST, TWILIO_CHAT_API: 'programmable-chat' })
    const chat = (await start(h)).json()
    h.fake.inject(OP.legacyRead, { kind: 'reset' }, 2)
    h.fake.fail(OP.legacyClose, 503, 20503, 2)
    expect((await h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(chat.sessionToken) })).statusCode).toBe(204)
    expectNothingOpen(h)
  })

  it('gives up when the budget is spent: 502 with a clear message, in about the budget', async () => {
    h = await startHarness({ ...FAST, TWILIO_RETRY_BUDGET_MS: '800' })
    h.fake.fail(OP.realTime, 503, 20503, 100)
    const started = Date.now()
    const res = await h.app.inject({ method: 'GET', url: '/agents/availability?topic=billing' })
    expect(Date.now() - started).toBeLessThan(800 + 1000)
    expect(res.statusCode).toBe(502)
    expect(res.json().message).toBe(
      'Failed to read the queue statistics: Twilio answered 503 (error 20503, https://www.twilio.com/docs/errors/20503). Please try again in a moment.',
    )
    expect(h.fake.calls(OP.realTime).length).toBeGreaterThan(1)
    h.fake.log.faults.clear()
  })

  it('a Retry-After longer than the budget is not waited for: 503 at once', async () => {
    h = await startHarness(FAST)
    h.fake.inject(OP.realTime, {
      kind: 'reply',
      reply: { ...twilioError(429, 20429, 'Too Many Requests'), headers: { 'Retry-After': '60' } },
    })
    const started = Date.now()
    const res = await h.app.inject({ method: 'GET', url: '/agents/availability?topic=billing' })
    expect(res.statusCode).toBe(503)
    expect(res.json().error).toBe('Service Unavailable')
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('creates are retried only when safe, and a half-made start is cleaned up', () => {
  const FAULTS = TRANSIENT.filter(([name]) => name !== 'a timeout')

  it.each(TRANSIENT)('Conversations: the conversation create (unique name) survives %s: one conversation, routed', async (_name, fault) => {
    h = await startHarness(FAST)
    h.fake.inject(OP.createConversation, fault)
    const res = await start(h)
    expect(res.statusCode).toBe(201)
    expect(h.fake.calls(OP.createConversation)).toHaveLength(2)
    // Both attempts carried the same unique name, so a lost reply cannot make a second conversation.
    const names = h.fake.calls(OP.createConversation).map((c) => c.form.get('UniqueName'))
    expect(names[0]).toMatch(/^flex-escalate-[0-9a-f-]{36}$/)
    expect(names[1]).toBe(names[0])
    expect([...h.fake.conversations.keys()]).toEqual([res.json().chatSid])
    expect(h.fake.tasks).toHaveLength(1)
  })

  it('Conversations: a create whose reply is lost is read back by its unique name, not made twice', async () => {
    h = await startHarness(FAST)
    // Twilio makes the conversation but answers after the client gave up.
    h.fake.inject(OP.createConversation, { kind: 'delay', ms: LATE_MS })
    const res = await start(h)
    expect(res.statusCode).toBe(201)
    expect(h.fake.calls(OP.readConversation)).toHaveLength(1)
    expect(h.fake.conversations.size).toBe(1)
    const conversation = h.fake.conversations.get(res.json().chatSid)!
    expect(conversation.participants.map((p) => p.identity)).toEqual([res.json().identity])
    expect(h.fake.tasks).toHaveLength(1)
    await h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(res.json().sessionToken) })
    expectNothingOpen(h)
  })

  it.each(FAULTS)('Conversations: the Interaction create meets %s → 502/503, one attempt, nothing left open', async (_name, fault) => {
    h = await startHarness(FAST)
    h.fake.inject(OP.createInteraction, fault)
    const res = await start(h)
    expect([502, 503]).toContain(res.statusCode)
    expect(res.json().message).toMatch(
      /^Failed to route the chat to Flex: Twilio (answered \d{3}|could not be reached).*\. Please try again in a moment\.$/,
    )
    expect(h.fake.calls(OP.createInteraction)).toHaveLength(1)
    expectNothingOpen(h)
    expect(h.fake.conversations.size).toBe(0)
    // The same app serves the next visitor.
    expect((await start(h)).statusCode).toBe(201)
  })

  it.each(FAULTS)(
    'Conversations: the summary message meets %s → the chat is still routed, with the summary in the task',
    async (_name, fault) => {
      h = await startHarness(FAST)
      h.fake.inject(OP.postSummary, fault)
      const res = await start(h)
      expect(res.statusCode).toBe(201)
      expect(h.fake.calls(OP.postSummary)).toHaveLength(1)
      expect(h.fake.conversations.get(res.json().chatSid)!.messages).toEqual([])
      expect(JSON.parse(h.fake.tasks[0]!.attributes)).toMatchObject({ summary: ESCALATION.summary })
    },
  )

  it('the clean-up itself is retried when Twilio stumbles', async () => {
    h = await startHarness(FAST)
    h.fake.fail(OP.createInteraction, 500)
    h.fake.inject(OP.removeConversation, { kind: 'reset' }, 2)
    expect((await start(h)).statusCode).toBe(502)
    expect(h.fake.calls(OP.removeConversation)).toHaveLength(3)
    expectNothingOpen(h)
  })

  it.each(FAULTS)(
    'legacy Programmable Chat: the Flex channel create meets %s → 502/503, one attempt, nothing open',
    async (_name, fault) => {
      h = await startHarness({ ...FAST, TWILIO_CHAT_API: 'programmable-chat' })
      h.fake.inject(OP.legacyCreate, fault)
      const res = await start(h)
      expect([502, 503]).toContain(res.statusCode)
      expect(res.json().message).toMatch(/^Failed to create the Flex chat: /)
      expect(h.fake.calls(OP.legacyCreate)).toHaveLength(1)
      expectNothingOpen(h)
    },
  )

  it.each(['conversations', 'programmable-chat'])(
    '%s: a start that fails after Twilio made the chat (no token) closes it again',
    async (api) => {
      h = await startHarness({ TWILIO_CHAT_API: api })
      const real = createTwilioGateway(h.config)
      const broken = await buildApp(h.config, {
        gateway: {
          ...real,
          transport: real.transport,
          mintAccessToken: () => {
            throw new Error('signing key unavailable')
          },
        },
        logStream: { write: () => undefined },
      })
      try {
        const res = await broken.inject({ method: 'POST', url: '/auth', payload: ESCALATION })
        expect(res.statusCode).toBe(500)
        expect(h.fake.tasks).toHaveLength(1)
        expectNothingOpen(h)
      } finally {
        await broken.close()
      }
    },
  )
})
