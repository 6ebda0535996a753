import { TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from '@flex-escalate/api/transcript'
import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from './manual-clock.js'
import { SandboxGateway } from './sandbox-gateway.js'

const SECRET = 'test-session-secret-0123456789abcdef'
let gateway: SandboxGateway
const clock = () => createManualClock(Date.now())
const start = (options: Partial<ConstructorParameters<typeof SandboxGateway>[0]> = {}) =>
  (gateway = new SandboxGateway({
    sessionSecret: SECRET,
    accessTokenTtlSeconds: 600,
    reservationTimeoutSeconds: 30,
    clock: clock(),
    ...options,
  }))
afterEach(() => gateway.close())

const escalation = {
  identity: 'anon_1',
  visitorName: 'Grace',
  topic: 'Billing',
  messageToHumanAgent: 'Wants a refund.',
  summary: ['Visitor: charged twice'],
}

/** Signs in an available agent with the billing skill. */
const agent = (name: string) => {
  const worker = gateway.router.addWorker({ name, skills: ['billing'] })
  return gateway.router.setWorkerActivity(worker.sid, 'Available')
}
const offerOf = (workerSid: string) => gateway.router.worker(workerSid)!.reservationSids[0]!

describe('SandboxGateway.startChat', () => {
  it('opens the chat with the visitor, posts the transcript like Twilio, and queues a pending task', async () => {
    start()
    const chat = await gateway.startChat(escalation)
    expect(chat).toMatchObject({
      transport: 'sandbox',
      chatSid: expect.stringMatching(/^CH[0-9a-f]{32}$/),
      taskSid: expect.stringMatching(/^WT/),
    })
    expect(gateway.chats.members(chat.chatSid)).toEqual([
      expect.objectContaining({ identity: 'anon_1', role: 'visitor', displayName: 'Grace' }),
    ])
    expect(gateway.chats.messagesAfter(chat.chatSid, -1)).toEqual([
      expect.objectContaining({
        index: 0,
        author: TRANSCRIPT_AUTHOR,
        body: 'Topic: Billing\nWants a refund.\nVisitor: charged twice',
        attributes: { kind: TRANSCRIPT_KIND },
      }),
    ])
    const task = gateway.router.task(chat.taskSid!)!
    expect(task).toMatchObject({ status: 'pending', topic: 'Billing', queueSid: gateway.router.queueFor('billing').sid })
    expect(task.attributes).toMatchObject({
      name: 'Grace',
      topic: 'Billing',
      summary: ['Visitor: charged twice'],
      conversationSid: chat.chatSid,
    })
  })

  it('names an anonymous visitor "Website visitor" and posts no transcript without one', async () => {
    start()
    const chat = await gateway.startChat({ identity: 'anon_2' })
    expect(gateway.chats.chat(chat.chatSid)!.friendlyName).toBe('Website visitor')
    expect(gateway.chats.messagesAfter(chat.chatSid, -1)).toEqual([])
    expect(gateway.router.task(chat.taskSid!)!.queueSid).toBe(gateway.router.queueFor(undefined).sid)
  })

  it('cuts a transcript over the message limit instead of failing the escalation', async () => {
    start()
    const summary = Array.from({ length: 50 }, () => '€'.repeat(2000))
    const chat = await gateway.startChat({ identity: 'anon_3', summary })
    expect(Buffer.byteLength(gateway.chats.messagesAfter(chat.chatSid, -1)[0]!.body)).toBeLessThanOrEqual(32 * 1024)
  })
})

describe('SandboxGateway.availability', () => {
  it('tells agents online, the place in the queue and a wait estimate once the queue has one', async () => {
    start()
    expect(await gateway.availability('billing')).toEqual({ agentsOnline: false })
    const first = await gateway.startChat(escalation)
    const second = await gateway.startChat({ ...escalation, identity: 'anon_2' })
    expect(await gateway.availability(undefined, second)).toEqual({ agentsOnline: false, positionInQueue: 2 })

    const ada = agent('Ada')
    expect(await gateway.availability('billing')).toMatchObject({ agentsOnline: true })
    // Ada (capacity 2) is offered both; reservations keep the tasks in the queue until accepted.
    expect((await gateway.availability(undefined, first)).positionInQueue).toBe(1)
    gateway.router.acceptReservation(offerOf(ada.sid))
    expect(await gateway.availability(undefined, first)).toEqual({ agentsOnline: true })
    expect(await gateway.availability(undefined, second)).toEqual({ agentsOnline: true, positionInQueue: 1, estimatedWaitSeconds: 0 })
  })

  it('counts an Available agent at capacity as online, as TaskRouter does', async () => {
    start()
    const ada = gateway.router.addWorker({ name: 'Ada', skills: [], chatCapacity: 1 })
    gateway.router.setWorkerActivity(ada.sid, 'Available')
    const chat = await gateway.startChat({ identity: 'anon_1' })
    gateway.router.acceptReservation(offerOf(ada.sid))
    expect(await gateway.availability(undefined, chat)).toEqual({ agentsOnline: true })
    expect((await gateway.availability('billing')).agentsOnline).toBe(false)
  })

  it('answers from the topic for a chat the sandbox no longer knows (a restart)', async () => {
    start()
    const stale = {
      transport: 'sandbox' as const,
      chatSid: `CH${'0'.repeat(32)}`,
      taskSid: `WT${'0'.repeat(32)}`,
      queueSid: `WQ${'0'.repeat(32)}`,
    }
    expect(await gateway.availability('billing', stale)).toEqual({ agentsOnline: false })
  })
})

describe('SandboxGateway.endChat', () => {
  it('cancels a waiting task and closes the chat, idempotently', async () => {
    start()
    const chat = await gateway.startChat(escalation)
    await gateway.endChat(chat)
    await gateway.endChat(chat)
    expect(gateway.router.task(chat.taskSid!)!.status).toBe('canceled')
    expect(gateway.chats.chat(chat.chatSid)!.state).toBe('closed')
    await gateway.endChat({ transport: 'sandbox', chatSid: `CH${'1'.repeat(32)}` })
  })

  it('sends a task with an agent to wrap-up; completing it leaves the agent in the closed chat', async () => {
    start()
    const ada = agent('Ada')
    const chat = await gateway.startChat(escalation)
    gateway.router.acceptReservation(offerOf(ada.sid))
    expect(gateway.chats.members(chat.chatSid).map((m) => [m.role, m.displayName])).toEqual([
      ['visitor', 'Grace'],
      ['agent', 'Ada'],
    ])
    await gateway.endChat(chat)
    await gateway.endChat(chat)
    expect(gateway.router.task(chat.taskSid!)!.status).toBe('wrapping')
    expect(gateway.chats.chat(chat.chatSid)!.state).toBe('closed')
    gateway.router.completeTask(chat.taskSid!)
    expect(gateway.router.worker(ada.sid)!.taskSids).toEqual([])
  })
})

describe('router ↔ chat wiring', () => {
  it('on a transfer, the new agent joins before the old one leaves', async () => {
    start()
    const ada = agent('Ada')
    const bob = agent('Bob')
    const chat = await gateway.startChat(escalation)
    const first = gateway.router.worker(ada.sid)!.reservationSids.length ? ada : bob
    const second = first === ada ? bob : ada
    gateway.router.acceptReservation(offerOf(first.sid))
    const seen: string[] = []
    gateway.chats.on('member.joined', ({ member }) => seen.push(`joined ${member.displayName}`))
    gateway.chats.on('member.left', ({ member }) => seen.push(`left ${member.displayName}`))
    gateway.router.transferTask(chat.taskSid!, { toWorker: second.name })
    gateway.router.acceptReservation(offerOf(second.sid))
    expect(seen).toEqual([`joined ${second.name}`, `left ${first.name}`])
  })

  it('an agent leaving takes it out of the chat and the task back to the queue', async () => {
    start()
    const ada = agent('Ada')
    const chat = await gateway.startChat(escalation)
    gateway.router.acceptReservation(offerOf(ada.sid))
    gateway.router.leaveTask(ada.sid, chat.taskSid!)
    expect(gateway.chats.members(chat.chatSid).map((m) => m.role)).toEqual(['visitor'])
    expect(gateway.router.task(chat.taskSid!)!.status).toBe('pending')
  })

  it('completes a task left in wrap-up when its closed chat is dropped from memory', async () => {
    const manual = clock()
    start({ clock: manual })
    const ada = agent('Ada')
    const chat = await gateway.startChat(escalation)
    gateway.router.acceptReservation(offerOf(ada.sid))
    gateway.router.wrapUpTask(chat.taskSid!)
    manual.advance(3600 * 1000)
    expect(gateway.chats.chat(chat.chatSid)).toBeUndefined()
    expect(gateway.router.task(chat.taskSid!)!.status).toBe('completed')
  })
})

describe('SandboxGateway.mintAccessToken', () => {
  it('mints a short-lived HS256 token for the identity, with its own audience and a derived key', () => {
    start({ accessTokenTtlSeconds: 120 })
    const { token, expiresAt } = gateway.mintAccessToken('anon_1')
    expect(jwt.decode(token, { complete: true })).toMatchObject({
      header: { alg: 'HS256' },
      payload: { sub: 'anon_1', aud: 'flex-escalate-sandbox' },
    })
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(115_000)
    expect(gateway.tokens.verify(token).identity).toBe('anon_1')
    // Not signed with the session secret itself.
    expect(() => jwt.verify(token, SECRET)).toThrow(/invalid signature/)
    const forged = jwt.sign({ sub: 'anon_1', aud: 'flex-escalate-sandbox', iss: 'flex-escalate' }, SECRET, { expiresIn: 60 })
    expect(() => gateway.tokens.verify(forged)).toThrow(/^Failed to verify the access token: invalid signature/)
  })

  it('issues and expires the token on the gateway clock, not the wall clock', () => {
    const manual = createManualClock(Date.UTC(2026, 0, 1, 12))
    start({ accessTokenTtlSeconds: 120, clock: manual })
    const { token, expiresAt } = gateway.mintAccessToken('anon_1')
    expect(expiresAt.toISOString()).toBe('2026-01-01T12:02:00.000Z')
    expect(jwt.decode(token)).toMatchObject({ iat: Date.UTC(2026, 0, 1, 12) / 1000, exp: expiresAt.getTime() / 1000 })
    manual.advance(119_999)
    expect(gateway.tokens.verify(token).expiresAt).toEqual(expiresAt)
    manual.advance(1)
    expect(() => gateway.tokens.verify(token)).toThrow(/^Failed to verify the access token: jwt expired/)
  })
})
