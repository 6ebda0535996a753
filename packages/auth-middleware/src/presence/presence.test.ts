/**
 * Visitors who leave the page (issue 12): `POST /chats/presence` heartbeats and `pagehide` beacons, and the
 * sweeper that acts on departures, driven through `app.inject()` on a manual clock (no test waits for time
 * to pass), on the sandbox and on both Twilio APIs (every Twilio call checked against Twilio's specs).
 */
import { createManualClock, type ManualClock } from '@flex-escalate/flex-sandbox/testing'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { bearer, type Harness, startHarness } from '../../test/harness.js'
import { SANDBOX_ENV } from '../../test/sandbox/sandbox-harness.js'
import { buildApp } from '../app.js'
import { loadConfig } from '../config/config.js'
import type { SandboxFlexGateway } from '../flex/sandbox-gateway.js'

const TIMEOUT_MS = 90_000
const GRACE_MS = 20_000
const IDLE_END_MS = 300_000
const PAGE = 'page-0001'
const RELOADED = 'page-0002'

let clock: ManualClock
let app: FastifyInstance
let h: Harness | undefined
afterEach(async () => {
  if (h) expect(h.fake.violations).toEqual([])
  await app?.close()
  h = undefined
})

/** A heartbeat (`here`) or `leaving`, as the adapter sends it: JSON with the session token in Authorization. */
const report = (sessionToken: string, state: 'here' | 'leaving' = 'here', page = PAGE) =>
  app.inject({ method: 'POST', url: '/chats/presence', headers: bearer(sessionToken), payload: { state, page } })

/** What `navigator.sendBeacon` sends on `pagehide`: a text/plain body holding the JSON, token included. */
const beacon = (sessionToken: string, page = PAGE) =>
  app.inject({
    method: 'POST',
    url: '/chats/presence',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    payload: JSON.stringify({ state: 'leaving', page, sessionToken }),
  })

/** Moves the app's clock on, then lets a sweep run at the new time (and any the clock set off finish first). */
async function pass(ms: number): Promise<void> {
  clock.advance(ms)
  await app.presence.sweep()
}

const escalate = async (body: Record<string, unknown> = { topic: 'billing' }) => {
  const res = await app.inject({ method: 'POST', url: '/auth', payload: body })
  expect(res.statusCode).toBe(201)
  return res.json() as { chatSid: string; sessionToken: string }
}

describe('the sandbox: a visitor who leaves', () => {
  let sandbox: SandboxFlexGateway['sandbox']
  async function start(env: Record<string, string> = {}) {
    clock = createManualClock()
    app = await buildApp(loadConfig({ ...SANDBOX_ENV, ...env }), { clock })
    sandbox = (app.flex as SandboxFlexGateway).sandbox
  }
  const availableAgent = (name: string) => {
    const worker = sandbox.router.addWorker({ name, skills: ['billing'] })
    return sandbox.router.setWorkerActivity(worker.sid, 'Available')
  }
  const notices = (chatSid: string) =>
    sandbox.chats
      .messagesAfter(chatSid, -1)
      .filter((m) => m.attributes.kind === 'visitor-presence')
      .map((m) => [m.author, m.body])

  it('while queued: the pagehide beacon and no page back within the grace end the chat; no agent is offered it', async () => {
    await start()
    const chat = await escalate()
    expect((await report(chat.sessionToken)).json()).toEqual({ heartbeatSeconds: 30 })
    expect((await beacon(chat.sessionToken)).statusCode).toBe(200)
    await pass(GRACE_MS - 1)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('queued')
    await pass(1)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('ended')
    expect(sandbox.chats.chat(chat.chatSid)!.state).toBe('closed')
    // An agent signing in afterwards is offered nothing.
    const ada = availableAgent('Ada')
    expect(sandbox.router.worker(ada.sid)!.reservationSids).toEqual([])
  })

  it('while offered to an agent: the offer is withdrawn', async () => {
    await start()
    const ada = availableAgent('Ada')
    const chat = await escalate()
    await report(chat.sessionToken)
    expect(sandbox.router.worker(ada.sid)!.reservationSids).toHaveLength(1)
    await beacon(chat.sessionToken)
    await pass(GRACE_MS)
    expect(sandbox.router.worker(ada.sid)!.reservationSids).toEqual([])
    expect(sandbox.chatPhase(chat.chatSid)).toBe('ended')
  })

  it('a device gone without a beacon: ended once not seen for VISITOR_PRESENCE_TIMEOUT_SECONDS', async () => {
    await start()
    const chat = await escalate()
    await report(chat.sessionToken)
    await pass(TIMEOUT_MS - 1)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('queued')
    await pass(1)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('ended')
  })

  it('with an agent: the agent is told once, the console marks the chat, and it ends after VISITOR_IDLE_END_SECONDS', async () => {
    await start()
    const ada = availableAgent('Ada')
    const chat = await escalate()
    sandbox.router.acceptReservation(sandbox.router.worker(ada.sid)!.reservationSids[0]!)
    await report(chat.sessionToken)
    await beacon(chat.sessionToken)
    await pass(GRACE_MS)
    const left = clock.now()
    expect(notices(chat.chatSid)).toEqual([['system', 'The visitor left the page. The chat ends in 5 minutes unless they come back.']])
    expect(sandbox.visitorAway(chat.chatSid)).toEqual({ since: left, endsAt: left + IDLE_END_MS })
    // Later sweeps tell nothing twice, and the chat goes on until the idle time is over.
    await pass(IDLE_END_MS / 2)
    await pass(IDLE_END_MS / 2 - 1)
    expect(notices(chat.chatSid)).toHaveLength(1)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('with-agent')
    await pass(1)
    expect(sandbox.router.task(sandbox.router.tasks()[0]!.sid)!.status).toBe('wrapping')
    expect(sandbox.chats.chat(chat.chatSid)!.state).toBe('closed')
    expect(sandbox.visitorAway(chat.chatSid)).toBeUndefined()
  })

  it('with an agent: a visitor who comes back clears the mark, the agent is told, and the chat goes on', async () => {
    await start({ VISITOR_IDLE_END_SECONDS: '60' })
    const ada = availableAgent('Ada')
    const chat = await escalate()
    sandbox.router.acceptReservation(sandbox.router.worker(ada.sid)!.reservationSids[0]!)
    await report(chat.sessionToken)
    await pass(TIMEOUT_MS)
    expect(sandbox.visitorAway(chat.chatSid)).toBeDefined()
    await report(chat.sessionToken, 'here', RELOADED)
    await pass(0)
    expect(sandbox.visitorAway(chat.chatSid)).toBeUndefined()
    expect(notices(chat.chatSid)).toEqual([
      ['system', 'The visitor left the page. The chat ends in 60 seconds unless they come back.'],
      ['system', 'The visitor is back.'],
    ])
    await report(chat.sessionToken, 'here', RELOADED)
    await pass(60_000)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('with-agent')
  })

  it('with VISITOR_IDLE_END_SECONDS=0: the agent is told and the chat ends at once', async () => {
    await start({ VISITOR_IDLE_END_SECONDS: '0' })
    const ada = availableAgent('Ada')
    const chat = await escalate()
    sandbox.router.acceptReservation(sandbox.router.worker(ada.sid)!.reservationSids[0]!)
    await beacon(chat.sessionToken)
    await pass(GRACE_MS)
    expect(notices(chat.chatSid)).toEqual([['system', 'The visitor left the page. The chat ends now.']])
    expect(sandbox.chats.chat(chat.chatSid)!.state).toBe('closed')
  })
})

describe('the sandbox: what is not a departure', () => {
  let sandbox: SandboxFlexGateway['sandbox']
  async function start() {
    clock = createManualClock()
    // These chats wait longer than Flex's workflow timeout would let them: only presence may end them here.
    app = await buildApp(loadConfig({ ...SANDBOX_ENV, SANDBOX_WORKFLOW_TIMEOUT_SECONDS: '0' }), { clock })
    sandbox = (app.flex as SandboxFlexGateway).sandbox
  }

  it('a reload: the old page says leaving, the new page says here within the grace', async () => {
    await start()
    const chat = await escalate()
    await report(chat.sessionToken)
    await beacon(chat.sessionToken, PAGE)
    await pass(2_000)
    await report(chat.sessionToken, 'here', RELOADED)
    await pass(GRACE_MS)
    await pass(TIMEOUT_MS / 3)
    await report(chat.sessionToken, 'here', RELOADED)
    await pass(TIMEOUT_MS - 1)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('queued')
  })

  it("a reload whose new page is heard before the old page's beacon", async () => {
    await start()
    const chat = await escalate()
    await report(chat.sessionToken)
    await report(chat.sessionToken, 'here', RELOADED)
    await beacon(chat.sessionToken, PAGE)
    await pass(GRACE_MS)
    await pass(GRACE_MS)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('queued')
  })

  it('the page coming back from the back-forward cache: leaving, then here from the same page', async () => {
    await start()
    const chat = await escalate()
    await beacon(chat.sessionToken)
    await pass(GRACE_MS - 1)
    await report(chat.sessionToken)
    await pass(GRACE_MS)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('queued')
  })

  it('a short network loss: heartbeats missing for less than the timeout', async () => {
    await start()
    const chat = await escalate()
    await report(chat.sessionToken)
    // Two heartbeats lost (every 30 s), the third gets through.
    await pass(TIMEOUT_MS - 1)
    await report(chat.sessionToken)
    await pass(TIMEOUT_MS - 1)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('queued')
  })

  it('a chat the visitor ended: nothing to act on when their page then goes', async () => {
    await start()
    const chat = await escalate()
    await report(chat.sessionToken)
    expect((await app.inject({ method: 'POST', url: '/chats/end', headers: bearer(chat.sessionToken) })).statusCode).toBe(204)
    // A late beacon of an ended chat is answered but not recorded.
    expect((await beacon(chat.sessionToken)).statusCode).toBe(200)
    await pass(TIMEOUT_MS)
    expect(sandbox.chats.messagesAfter(chat.chatSid, -1).some((m) => m.attributes.kind === 'visitor-presence')).toBe(false)
  })

  it('a visitor whose adapter never reports presence (an older adapter) is never judged gone', async () => {
    await start()
    const chat = await escalate()
    await pass(TIMEOUT_MS * 10)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('queued')
  })
})

const TASK = 'GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}'
const INTERACTION_CLOSE = 'POST flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}'
const CONVERSATION_MESSAGE = 'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{ConversationSid}/Messages'
const LEGACY_UPDATE = 'POST chat.twilio.com/v2/Services/{ServiceSid}/Channels/{Sid}'
const LEGACY_MESSAGE = 'POST chat.twilio.com/v2/Services/{ServiceSid}/Channels/{ChannelSid}/Messages'

describe.each(['conversations', 'programmable-chat'] as const)('Twilio (%s): a visitor who leaves', (api) => {
  async function start(env: Record<string, string> = {}) {
    clock = createManualClock()
    h = await startHarness({ TWILIO_CHAT_API: api, ...env }, { clock })
    app = h.app
  }
  const taskOf = (chatSid: string) =>
    h!.fake.tasks.find(
      (t) =>
        (JSON.parse(t.attributes) as { conversationSid?: string; channelSid?: string })[
          api === 'conversations' ? 'conversationSid' : 'channelSid'
        ] === chatSid,
    )!
  /** The notices posted for the agent, as Twilio received them (author, body, attributes). */
  const notices = () =>
    (api === 'conversations'
      ? h!.fake.calls(CONVERSATION_MESSAGE).map(({ form }) => [form.get('Author'), form.get('Body'), JSON.parse(form.get('Attributes')!)])
      : h!.fake.calls(LEGACY_MESSAGE).map(({ form }) => [form.get('From'), form.get('Body'), JSON.parse(form.get('Attributes')!)])
    ).filter(([, , attributes]) => attributes.kind === 'visitor-presence')
  const closes = () =>
    api === 'conversations'
      ? h!.fake.calls(INTERACTION_CLOSE).filter(({ form }) => form.get('Status') === 'closed')
      : h!.fake.calls(LEGACY_UPDATE).filter(({ form }) => JSON.parse(form.get('Attributes') ?? '{}').status === 'INACTIVE')

  it('while queued: reads the task, then ends the chat through Flex, leaving nothing open', async () => {
    await start()
    const chat = await escalate()
    await report(chat.sessionToken)
    await beacon(chat.sessionToken)
    await pass(GRACE_MS - 1)
    expect(h!.fake.calls(TASK)).toHaveLength(0)
    await pass(1)
    expect(h!.fake.calls(TASK).map((call) => call.params.Sid)).toEqual([taskOf(chat.chatSid).sid])
    expect(closes()).toHaveLength(1)
    expect(h!.fake.openResources()).toEqual({ conversations: [], legacyChannels: [], tasks: [] })
    expect(notices()).toEqual([])
    // Its queue position is gone too: the chat is known closed, without asking Twilio again.
    const availability = await app.inject({ method: 'GET', url: '/agents/availability', headers: bearer(chat.sessionToken) })
    expect(availability.json()).not.toHaveProperty('positionInQueue')
  })

  it('with an agent: posts "The visitor left the page" once, and ends the chat after the idle time', async () => {
    await start()
    const chat = await escalate()
    taskOf(chat.chatSid).status = 'assigned'
    await report(chat.sessionToken)
    await pass(TIMEOUT_MS)
    const told = [
      'system',
      'The visitor left the page. The chat ends in 5 minutes unless they come back.',
      { kind: 'visitor-presence', presence: 'left' },
    ]
    expect(notices()).toEqual([told])
    expect(closes()).toHaveLength(0)
    await pass(IDLE_END_MS - 1)
    expect(notices()).toEqual([told])
    expect(closes()).toHaveLength(0)
    await pass(1)
    expect(closes()).toHaveLength(1)
    expect(notices()).toHaveLength(1)
    expect(h!.fake.calls(TASK)).toHaveLength(1)
  })

  it('with an agent: a visitor back within the idle time is announced, and the chat goes on', async () => {
    await start()
    const chat = await escalate()
    taskOf(chat.chatSid).status = 'assigned'
    await beacon(chat.sessionToken)
    await pass(GRACE_MS)
    await report(chat.sessionToken, 'here', RELOADED)
    await pass(0)
    expect(notices().map(([, body]) => body)).toEqual([
      'The visitor left the page. The chat ends in 5 minutes unless they come back.',
      'The visitor is back.',
    ])
    await report(chat.sessionToken, 'here', RELOADED)
    await pass(IDLE_END_MS / 2)
    await report(chat.sessionToken, 'here', RELOADED)
    await pass(IDLE_END_MS / 2)
    expect(closes()).toHaveLength(0)
  })

  it('a notice Twilio refuses is posted by a later sweep, once', async () => {
    await start()
    const chat = await escalate()
    taskOf(chat.chatSid).status = 'assigned'
    h!.fake.fail(api === 'conversations' ? CONVERSATION_MESSAGE : LEGACY_MESSAGE, 503)
    await beacon(chat.sessionToken)
    await pass(GRACE_MS)
    expect(notices()).toHaveLength(1)
    await pass(1_000)
    expect(notices()).toHaveLength(1)
    await pass(15_000)
    expect(notices()).toHaveLength(2)
    await pass(15_000)
    expect(notices()).toHaveLength(2)
    // The injected 503 is Twilio's reply to the first; only the second was stored.
    expect(h!.fake.violations).toEqual([])
  })

  it('a chat Flex already ended (the agent closed it): the record is dropped, nothing posted', async () => {
    await start()
    const chat = await escalate()
    taskOf(chat.chatSid).status = 'completed'
    await beacon(chat.sessionToken)
    await pass(GRACE_MS)
    await pass(TIMEOUT_MS)
    expect(h!.fake.calls(TASK)).toHaveLength(1)
    expect(notices()).toEqual([])
    expect(closes()).toHaveLength(0)
  })
})

describe('POST /chats/presence', () => {
  async function start(env: Record<string, string> = {}) {
    clock = createManualClock()
    h = await startHarness(env, { clock })
    app = h.app
  }

  it('takes the session token in a text/plain beacon body only: JSON sends it in Authorization', async () => {
    await start()
    const chat = await escalate()
    const res = await app.inject({
      method: 'POST',
      url: '/chats/presence',
      payload: { state: 'leaving', page: PAGE, sessionToken: chat.sessionToken },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ field: 'body.sessionToken', message: expect.stringMatching(/Authorization: Bearer/) })
    expect((await beacon(chat.sessionToken)).json()).toEqual({ heartbeatSeconds: 30 })
  })

  it('refuses a missing or forged token, a bad page id, and bad JSON in a beacon', async () => {
    await start()
    const chat = await escalate()
    expect((await app.inject({ method: 'POST', url: '/chats/presence', payload: { state: 'here', page: PAGE } })).statusCode).toBe(401)
    expect((await beacon('not.a.token')).statusCode).toBe(401)
    expect((await report(chat.sessionToken, 'here', 'x')).json()).toMatchObject({ field: 'body.page' })
    const broken = await app.inject({
      method: 'POST',
      url: '/chats/presence',
      headers: { 'content-type': 'text/plain' },
      payload: '{"state":',
    })
    expect(broken.statusCode).toBe(400)
    const poisoned = await app.inject({
      method: 'POST',
      url: '/chats/presence',
      headers: { 'content-type': 'text/plain' },
      payload: `{"state":"leaving","page":"${PAGE}","__proto__":{"x":1}}`,
    })
    expect(poisoned.statusCode).toBe(400)
  })

  it('is the only route that reads text/plain: the others still answer 415', async () => {
    await start()
    const chat = await escalate()
    const res = await app.inject({
      method: 'POST',
      url: '/chats/end',
      headers: { ...bearer(chat.sessionToken), 'content-type': 'text/plain' },
      payload: '{}',
    })
    expect(res.statusCode).toBe(415)
  })

  it('a beacon from an allowed page needs no preflight and gets its CORS headers', async () => {
    await start()
    const chat = await escalate()
    const res = await app.inject({
      method: 'POST',
      url: '/chats/presence',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://shop.example.com' },
      payload: JSON.stringify({ state: 'leaving', page: PAGE, sessionToken: chat.sessionToken }),
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com')
  })

  it('never logs the session token a beacon carries, even at trace level', async () => {
    await start({ LOG_LEVEL: 'trace' })
    const chat = await escalate()
    await beacon(chat.sessionToken)
    await report(chat.sessionToken, 'here', 'bad page id!')
    await pass(GRACE_MS)
    expect(h!.logs.length).toBeGreaterThan(0)
    const logs = h!.logs.join('\n')
    expect(logs).not.toContain(chat.sessionToken)
    expect(logs).not.toContain(chat.sessionToken.slice(-20))
    expect(logs).toContain('visitor left while waiting for an agent: chat ended')
  })
})
