import { TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from '@flex-escalate/api/transcript'
import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it } from 'vitest'
import { FlexSandbox } from './flex-sandbox.js'
import { createManualClock } from './manual-clock.js'

const SECRET = 'test-session-secret-0123456789abcdef'
let sandbox: FlexSandbox
const clock = () => createManualClock(Date.now())
const start = (options: Partial<ConstructorParameters<typeof FlexSandbox>[0]> = {}) =>
  (sandbox = new FlexSandbox({
    sessionSecret: SECRET,
    accessTokenTtlSeconds: 600,
    reservationTimeoutSeconds: 30,
    clock: clock(),
    ...options,
  }))
afterEach(() => sandbox.close())

const escalation = {
  identity: 'anon_1',
  visitorName: 'Grace',
  topic: 'Billing',
  messageToHumanAgent: 'Wants a refund.',
  summary: ['Visitor: charged twice'],
}

/** Signs in an available agent with the billing skill. */
const agent = (name: string) => {
  const worker = sandbox.router.addWorker({ name, skills: ['billing'] })
  return sandbox.router.setWorkerActivity(worker.sid, 'Available')
}
const offerOf = (workerSid: string) => sandbox.router.worker(workerSid)!.reservationSids[0]!

describe('FlexSandbox.startChat', () => {
  it('opens the chat with the visitor, posts the transcript like Twilio, and queues a pending task', () => {
    start()
    const chat = sandbox.startChat(escalation)
    expect(chat).toMatchObject({
      chatSid: expect.stringMatching(/^CH[0-9a-f]{32}$/),
      taskSid: expect.stringMatching(/^WT/),
    })
    expect(sandbox.chats.members(chat.chatSid)).toEqual([
      expect.objectContaining({ identity: 'anon_1', role: 'visitor', displayName: 'Grace' }),
    ])
    expect(sandbox.chats.messagesAfter(chat.chatSid, -1)).toEqual([
      expect.objectContaining({
        index: 0,
        author: TRANSCRIPT_AUTHOR,
        body: 'Topic: Billing\nWants a refund.\nVisitor: charged twice',
        attributes: { kind: TRANSCRIPT_KIND },
      }),
    ])
    const task = sandbox.router.task(chat.taskSid!)!
    expect(task).toMatchObject({ status: 'pending', topic: 'Billing', queueSid: sandbox.router.queueFor('billing').sid })
    expect(task.attributes).toMatchObject({
      name: 'Grace',
      topic: 'Billing',
      summary: ['Visitor: charged twice'],
      conversationSid: chat.chatSid,
    })
  })

  it('names an anonymous visitor "Website visitor" and posts no transcript without one', () => {
    start()
    const chat = sandbox.startChat({ identity: 'anon_2' })
    expect(sandbox.chats.chat(chat.chatSid)!.friendlyName).toBe('Website visitor')
    expect(sandbox.chats.messagesAfter(chat.chatSid, -1)).toEqual([])
    expect(sandbox.router.task(chat.taskSid!)!.queueSid).toBe(sandbox.router.queueFor(undefined).sid)
    expect(sandbox.router.task(chat.taskSid!)!.attributes).not.toHaveProperty('language')
  })

  it.each([
    ['es-MX', 'es'],
    ['pt-BR', 'pt'],
    ['DE', 'de'],
    ['x-klingon', undefined],
  ])('gives the task the language of the locale %s (%s), as on Twilio, for routing', (locale, language) => {
    start()
    const chat = sandbox.startChat({ identity: 'anon_3', locale })
    const { attributes } = sandbox.router.task(chat.taskSid!)!
    expect(attributes.locale).toBe(locale)
    expect(attributes.language).toBe(language)
  })

  it('cuts a transcript over the message limit instead of failing the escalation', () => {
    start()
    const summary = Array.from({ length: 50 }, () => '€'.repeat(2000))
    const chat = sandbox.startChat({ identity: 'anon_3', summary })
    expect(Buffer.byteLength(sandbox.chats.messagesAfter(chat.chatSid, -1)[0]!.body)).toBeLessThanOrEqual(32 * 1024)
  })
})

describe('FlexSandbox.availability', () => {
  it('tells agents online, the place in the queue and a wait estimate once the queue has one', () => {
    start()
    expect(sandbox.availability('billing')).toEqual({ agentsOnline: false })
    const first = sandbox.startChat(escalation)
    const second = sandbox.startChat({ ...escalation, identity: 'anon_2' })
    expect(sandbox.availability(undefined, second)).toEqual({ agentsOnline: false, positionInQueue: 2 })

    const ada = agent('Ada')
    expect(sandbox.availability('billing')).toMatchObject({ agentsOnline: true })
    // Ada (capacity 2) is offered both; reservations keep the tasks in the queue until accepted.
    expect(sandbox.availability(undefined, first).positionInQueue).toBe(1)
    sandbox.router.acceptReservation(offerOf(ada.sid))
    expect(sandbox.availability(undefined, first)).toEqual({ agentsOnline: true })
    expect(sandbox.availability(undefined, second)).toEqual({ agentsOnline: true, positionInQueue: 1, estimatedWaitSeconds: 0 })
  })

  it('counts an Available agent at capacity as online, as TaskRouter does', () => {
    start()
    const ada = sandbox.router.addWorker({ name: 'Ada', skills: [], chatCapacity: 1 })
    sandbox.router.setWorkerActivity(ada.sid, 'Available')
    const chat = sandbox.startChat({ identity: 'anon_1' })
    sandbox.router.acceptReservation(offerOf(ada.sid))
    expect(sandbox.availability(undefined, chat)).toEqual({ agentsOnline: true })
    expect(sandbox.availability('billing').agentsOnline).toBe(false)
  })

  it('answers from the topic for a chat the sandbox no longer knows (a restart)', () => {
    start()
    const stale = {
      chatSid: `CH${'0'.repeat(32)}`,
      taskSid: `WT${'0'.repeat(32)}`,
      queueSid: `WQ${'0'.repeat(32)}`,
    }
    expect(sandbox.availability('billing', stale)).toEqual({ agentsOnline: false })
  })
})

describe('FlexSandbox.endChat', () => {
  it('cancels a waiting task and closes the chat, idempotently', () => {
    start()
    const chat = sandbox.startChat(escalation)
    sandbox.endChat(chat.chatSid)
    sandbox.endChat(chat.chatSid)
    expect(sandbox.router.task(chat.taskSid!)!.status).toBe('canceled')
    expect(sandbox.chats.chat(chat.chatSid)!.state).toBe('closed')
    sandbox.endChat(`CH${'1'.repeat(32)}`)
  })

  it('sends a task with an agent to wrap-up; completing it leaves the agent in the closed chat', () => {
    start()
    const ada = agent('Ada')
    const chat = sandbox.startChat(escalation)
    sandbox.router.acceptReservation(offerOf(ada.sid))
    expect(sandbox.chats.members(chat.chatSid).map((m) => [m.role, m.displayName])).toEqual([
      ['visitor', 'Grace'],
      ['agent', 'Ada'],
    ])
    sandbox.endChat(chat.chatSid)
    sandbox.endChat(chat.chatSid)
    expect(sandbox.router.task(chat.taskSid!)!.status).toBe('wrapping')
    expect(sandbox.chats.chat(chat.chatSid)!.state).toBe('closed')
    sandbox.router.completeTask(chat.taskSid!)
    expect(sandbox.router.worker(ada.sid)!.taskSids).toEqual([])
  })
})

describe('FlexSandbox.chatPhase', () => {
  it('is queued while pending or offered, with-agent once accepted, ended in wrap-up, closed or unknown', () => {
    start()
    const chat = sandbox.startChat(escalation)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('queued')
    const ada = agent('Ada')
    expect(sandbox.router.task(chat.taskSid)!.status).toBe('reserved')
    expect(sandbox.chatPhase(chat.chatSid)).toBe('queued')
    sandbox.router.acceptReservation(offerOf(ada.sid))
    expect(sandbox.chatPhase(chat.chatSid)).toBe('with-agent')
    sandbox.endChat(chat.chatSid)
    expect(sandbox.chatPhase(chat.chatSid)).toBe('ended')
    expect(sandbox.chatPhase(`CH${'1'.repeat(32)}`)).toBe('ended')
  })
})

describe('FlexSandbox.noteVisitorPresence', () => {
  const left = { author: 'system', body: 'The visitor left the page.', attributes: { kind: 'visitor-presence', messageId: 'left-1' } }

  it('sets the presence mark and posts the notice once per messageId; back clears the mark', () => {
    start()
    const ada = agent('Ada')
    const chat = sandbox.startChat(escalation)
    sandbox.router.acceptReservation(offerOf(ada.sid))
    const away = { since: 1_000, endsAt: 301_000 }
    sandbox.noteVisitorPresence(chat.chatSid, { away, message: left })
    sandbox.noteVisitorPresence(chat.chatSid, { away, message: left })
    expect(sandbox.visitorAway(chat.chatSid)).toEqual(away)
    const notices = () => sandbox.chats.messagesAfter(chat.chatSid, -1).filter((m) => m.attributes.kind === 'visitor-presence')
    expect(notices().map((m) => [m.author, m.body])).toEqual([['system', 'The visitor left the page.']])
    sandbox.noteVisitorPresence(chat.chatSid, {
      away: undefined,
      message: { author: 'system', body: 'The visitor is back.', attributes: { kind: 'visitor-presence' } },
    })
    expect(sandbox.visitorAway(chat.chatSid)).toBeUndefined()
    expect(notices().map((m) => m.body)).toEqual(['The visitor left the page.', 'The visitor is back.'])
  })

  it('drops the mark when the chat closes, and refuses a closed chat', () => {
    start()
    const chat = sandbox.startChat(escalation)
    sandbox.noteVisitorPresence(chat.chatSid, { away: { since: 1, endsAt: 2 }, message: left })
    sandbox.endChat(chat.chatSid)
    expect(sandbox.visitorAway(chat.chatSid)).toBeUndefined()
    expect(() => sandbox.noteVisitorPresence(chat.chatSid, { away: undefined, message: left })).toThrow(/the chat is not active/)
  })
})

describe('router ↔ chat wiring', () => {
  it('on a transfer, the new agent joins before the old one leaves', () => {
    start()
    const ada = agent('Ada')
    const bob = agent('Bob')
    const chat = sandbox.startChat(escalation)
    const first = sandbox.router.worker(ada.sid)!.reservationSids.length ? ada : bob
    const second = first === ada ? bob : ada
    sandbox.router.acceptReservation(offerOf(first.sid))
    const seen: string[] = []
    sandbox.chats.on('member.joined', ({ member }) => seen.push(`joined ${member.displayName}`))
    sandbox.chats.on('member.left', ({ member }) => seen.push(`left ${member.displayName}`))
    sandbox.router.transferTask(chat.taskSid!, { toWorker: second.name })
    sandbox.router.acceptReservation(offerOf(second.sid))
    expect(seen).toEqual([`joined ${second.name}`, `left ${first.name}`])
  })

  it('an agent leaving takes it out of the chat and the task back to the queue', () => {
    start()
    const ada = agent('Ada')
    const chat = sandbox.startChat(escalation)
    sandbox.router.acceptReservation(offerOf(ada.sid))
    sandbox.router.leaveTask(ada.sid, chat.taskSid!)
    expect(sandbox.chats.members(chat.chatSid).map((m) => m.role)).toEqual(['visitor'])
    expect(sandbox.router.task(chat.taskSid!)!.status).toBe('pending')
  })

  it('completes a task left in wrap-up when its closed chat is dropped from memory', () => {
    const manual = clock()
    start({ clock: manual })
    const ada = agent('Ada')
    const chat = sandbox.startChat(escalation)
    sandbox.router.acceptReservation(offerOf(ada.sid))
    sandbox.router.wrapUpTask(chat.taskSid!)
    manual.advance(3600 * 1000)
    expect(sandbox.chats.chat(chat.chatSid)).toBeUndefined()
    expect(sandbox.router.task(chat.taskSid!)!.status).toBe('completed')
  })
})

describe('FlexSandbox.mintAccessToken', () => {
  it('mints a short-lived HS256 token for the identity, with its own audience and a derived key', () => {
    start({ accessTokenTtlSeconds: 120 })
    const { token, expiresAt } = sandbox.mintAccessToken('anon_1')
    expect(jwt.decode(token, { complete: true })).toMatchObject({
      header: { alg: 'HS256' },
      payload: { sub: 'anon_1', aud: 'flex-escalate-sandbox' },
    })
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(115_000)
    expect(sandbox.tokens.verify(token).identity).toBe('anon_1')
    // Not signed with the session secret itself.
    expect(() => jwt.verify(token, SECRET)).toThrow(/invalid signature/)
    const forged = jwt.sign({ sub: 'anon_1', aud: 'flex-escalate-sandbox', iss: 'flex-escalate' }, SECRET, { expiresIn: 60 })
    expect(() => sandbox.tokens.verify(forged)).toThrow(/^Failed to verify the access token: invalid signature/)
  })

  it('issues and expires the token on the sandbox clock, not the wall clock', () => {
    const manual = createManualClock(Date.UTC(2026, 0, 1, 12))
    start({ accessTokenTtlSeconds: 120, clock: manual })
    const { token, expiresAt } = sandbox.mintAccessToken('anon_1')
    expect(expiresAt.toISOString()).toBe('2026-01-01T12:02:00.000Z')
    expect(jwt.decode(token)).toMatchObject({ iat: Date.UTC(2026, 0, 1, 12) / 1000, exp: expiresAt.getTime() / 1000 })
    manual.advance(119_999)
    expect(sandbox.tokens.verify(token).expiresAt).toEqual(expiresAt)
    manual.advance(1)
    expect(() => sandbox.tokens.verify(token)).toThrow(/^Failed to verify the access token: jwt expired/)
  })
})
