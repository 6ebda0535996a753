import { type AgentState, SANDBOX_PATHS } from '@flex-escalate/api'
import { afterEach, describe, expect, it } from 'vitest'
import { type HubHarness, startHub } from '../../test/hub-harness.js'
import type { SandboxEscalation } from '../flex-sandbox.js'
import { createManualClock } from '../manual-clock.js'
import { TestSocket } from '../test-socket.js'

let h: HubHarness
afterEach(async () => {
  await h?.close()
})

const stateWhere = (socket: TestSocket, where: (state: AgentState) => boolean) =>
  socket.next('state', (frame) => where(frame.state)).then((frame) => frame.state)
const offered = (socket: TestSocket) => stateWhere(socket, (s) => s.offers.length > 0).then((s) => s.offers[0]!)

/** An escalated visitor and an agent who accepted the chat. */
async function acceptedChat(
  body: Omit<SandboxEscalation, 'identity'> = {
    visitorName: 'Grace',
    topic: 'billing',
    messageToHumanAgent: 'Wants a refund',
    summary: ['Visitor: charged twice'],
  },
) {
  const ada = await h.agent('Ada')
  const auth = await h.escalate(body)
  const visitor = await h.visitor(auth)
  const offer = await offered(ada.socket)
  const accepted = await ada.socket.ok<{ taskSid: string; chatSid: string }>({ type: 'accept', reservationSid: offer.reservationSid })
  return { ada, auth, visitor: visitor.socket, taskSid: accepted.taskSid, chatSid: accepted.chatSid }
}

describe('agent socket: sign in', () => {
  it('signs in by name with a first state: worker, other agents, queues', async () => {
    h = await startHub()
    const bob = await h.agent('Bob', { activity: 'Offline' })
    const { state } = await h.agent('Ada', { skills: ['billing'], activity: 'Offline' })
    expect(state.worker).toMatchObject({ name: 'Ada', activity: 'Offline', skills: ['billing'], chatCapacity: 2 })
    expect(state.agents).toEqual([{ sid: bob.state.worker.sid, name: 'Bob', activity: 'Offline' }])
    expect(state.queues.map((q) => q.name)).toEqual(['Billing', 'Technical support', 'Everyone'])
    // Without skills a new agent serves every queue.
    expect(bob.state.worker.skills).toEqual(['billing', 'technical'])
    // Bob hears that Ada signed in.
    await stateWhere(bob.socket, (s) => s.agents.some((a) => a.name === 'Ada'))
    expect(bob.state.worker.languages).toEqual([])
  })

  it('signs in with the languages the agent speaks, and offers them a chat in one first', async () => {
    h = await startHub()
    await h.agent('Ada')
    const carla = await h.agent('Carla', { languages: ['es-ES', 'en'] })
    expect(carla.state.worker.languages).toEqual(['es', 'en'])
    h.sandbox.startChat({ identity: 'anon_es', locale: 'es-MX' })
    await stateWhere(carla.socket, (s) => s.offers.length === 1)
    const refused = await TestSocket.open(h.base.replace('http', 'ws') + SANDBOX_PATHS.agent)
    const reply = await refused.request({ type: 'signIn', name: 'Dora', languages: ['not a language'] })
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/languages/) } })
  })

  it('refuses anything before signIn, and a second signIn', async () => {
    h = await startHub()
    const { socket } = await h.agent('Ada')
    expect(await socket.request({ type: 'signIn', name: 'Bob' })).toMatchObject({ ok: false, error: { code: 'bad-request' } })
  })

  it('keeps an agent through a reload, and signs it Offline after the grace period', async () => {
    // The grace runs on the sandbox's clock: a manual one lets it run out exactly when the test says. That
    // clock holds back the debounced `state` too, so Ada is made Available by request, not by waiting for one.
    const clock = createManualClock()
    h = await startHub({ sandbox: { clock }, hub: { agentGraceMs: 300 } })
    const first = await h.agent('Ada', { activity: 'Offline' })
    await first.socket.ok({ type: 'setActivity', activity: 'Available' })
    const sid = first.state.worker.sid
    await h.disconnect(first.socket)
    clock.advance(299)
    const again = await h.agent('Ada')
    expect(again.state.worker).toMatchObject({ sid, activity: 'Available' })
    await h.disconnect(again.socket)
    // The reload cancelled the first grace: a full period starts from the second close.
    clock.advance(299)
    expect(h.sandbox.router.worker(sid)!.activity).toBe('Available')
    clock.advance(1)
    expect(h.sandbox.router.worker(sid)!.activity).toBe('Offline')
  })
})

describe('agent socket: the visitor leaves the page', () => {
  it("marks the chat while the visitor is away, with the notice in the chat, and clears the mark when they're back", async () => {
    h = await startHub()
    const { ada, chatSid } = await acceptedChat()
    const since = Date.UTC(2026, 0, 1, 12)
    h.sandbox.noteVisitorPresence(chatSid, {
      away: { since, endsAt: since + 300_000 },
      message: { author: 'system', body: 'The visitor left the page.', attributes: { kind: 'visitor-presence' } },
    })
    const away = await stateWhere(ada.socket, (s) => s.chats[0]?.visitorAway !== undefined)
    expect(away.chats[0]!.visitorAway).toEqual({ since: '2026-01-01T12:00:00.000Z', endsAt: '2026-01-01T12:05:00.000Z' })
    expect(away.chats[0]!.messages.at(-1)).toMatchObject({ author: 'system', body: 'The visitor left the page.' })
    h.sandbox.noteVisitorPresence(chatSid, {
      away: undefined,
      message: { author: 'system', body: 'The visitor is back.', attributes: { kind: 'visitor-presence' } },
    })
    const back = await stateWhere(ada.socket, (s) => s.chats[0]?.messages.at(-1)?.body === 'The visitor is back.')
    expect(back.chats[0]!.visitorAway).toBeUndefined()
  })
})

describe('agent socket: offers', () => {
  it('offer → accept: the visitor sees the agent join by name, the agent the summary first', async () => {
    h = await startHub()
    const { ada, visitor, chatSid } = await acceptedChat()
    const joined = await visitor.next('memberJoined')
    expect(joined.member).toEqual({ identity: ada.state.worker.sid, role: 'agent', displayName: 'Ada' })
    const state = await stateWhere(ada.socket, (s) => s.chats.length === 1)
    expect(state.chats[0]).toMatchObject({
      chatSid,
      status: 'assigned',
      topic: 'billing',
      visitor: { role: 'visitor', displayName: 'Grace' },
      messageToHumanAgent: 'Wants a refund',
      summary: ['Visitor: charged twice'],
      ended: false,
      messages: [expect.objectContaining({ index: 0, author: 'virtual-assistant' })],
    })
    expect(state.offers).toEqual([])
  })

  it('shows the offer with its deadline; a reject goes to the next agent', async () => {
    h = await startHub()
    const ada = await h.agent('Ada')
    const bob = await h.agent('Bob')
    await h.escalate({ visitorName: 'Grace' })
    // Ada became Available first: she is the longest idle.
    const offer = await offered(ada.socket)
    expect(offer).toMatchObject({ purpose: 'routing', visitorName: 'Grace' })
    expect(Date.parse(offer.expiresAt) - Date.now()).toBeGreaterThan(25_000)
    await ada.socket.ok({ type: 'reject', reservationSid: offer.reservationSid })
    await offered(bob.socket)
    // Answering someone else's offer is refused.
    const bobs = h.sandbox.router.worker(bob.state.worker.sid)!.reservationSids[0]!
    expect(await ada.socket.request({ type: 'accept', reservationSid: bobs })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/^Failed to accept reservation/) },
    })
  })

  it('an unanswered offer times out to the next agent', async () => {
    // The reservation timeout and the state debounce both run on a manual clock: the offer expires when
    // the clock says, however slow the machine. Each advance by the debounce sends the states due.
    const clock = createManualClock()
    const debounceMs = 25
    h = await startHub({ sandbox: { clock, reservationTimeoutSeconds: 1 }, hub: { stateDebounceMs: debounceMs } })
    const ada = await h.agent('Ada', { activity: 'Offline' })
    await ada.socket.ok({ type: 'setActivity', activity: 'Available' })
    const bob = await h.agent('Bob', { activity: 'Offline' })
    await bob.socket.ok({ type: 'setActivity', activity: 'Available' })
    await h.escalate()
    clock.advance(debounceMs)
    await offered(ada.socket)
    clock.advance(1000 - debounceMs - 1)
    expect(h.sandbox.router.worker(bob.state.worker.sid)!.reservationSids).toEqual([])
    clock.advance(1)
    expect(h.sandbox.router.worker(ada.state.worker.sid)!.reservationSids).toEqual([])
    clock.advance(debounceMs)
    await offered(bob.socket)
  })

  it('shows waiting chats with their position and lets an agent pick one', async () => {
    h = await startHub()
    await h.escalate({ visitorName: 'Grace', topic: 'billing' })
    const second = await h.escalate({ visitorName: 'Alan', topic: 'billing' })
    const { socket, state } = await h.agent('Ada', { activity: 'Offline' })
    expect(state.waiting.map((w) => [w.visitorName, w.queue, w.position])).toEqual([
      ['Grace', 'Billing', 1],
      ['Alan', 'Billing', 2],
    ])
    expect(state.waiting[0]!.waitingSeconds).toBeGreaterThanOrEqual(0)
    expect(await socket.request({ type: 'pick', taskSid: state.waiting[1]!.taskSid })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Ada is Offline/) },
    })
    await socket.ok({ type: 'setActivity', activity: 'Available' })
    const picked = await socket.ok<{ chatSid: string }>({ type: 'pick', taskSid: state.waiting[1]!.taskSid })
    expect(picked.chatSid).toBe(second.chatSid)
    expect((await stateWhere(socket, (s) => s.chats.length === 1)).waiting.map((w) => w.visitorName)).toEqual(['Grace'])
  })
})

describe('agent socket: the conversation', () => {
  it('messages, typing and read receipts go both ways', async () => {
    h = await startHub()
    const { ada, auth, visitor, chatSid } = await acceptedChat()
    const agentSid = ada.state.worker.sid

    const { index } = await ada.socket.ok<{ index: number }>({ type: 'send', chatSid, body: 'Hi, I am Ada' })
    expect((await visitor.next('messageAdded', (e) => e.message.index === index)).message).toMatchObject({
      author: agentSid,
      body: 'Hi, I am Ada',
    })
    await visitor.ok({ type: 'send', body: 'Thanks', attributes: { messageId: 'v-1' } })
    await stateWhere(ada.socket, (s) => s.chats[0]!.messages.some((m) => m.body === 'Thanks'))

    ada.socket.send({ type: 'typing', chatSid })
    expect(await visitor.next('typingStarted')).toEqual({ type: 'typingStarted', identity: agentSid })
    visitor.send({ type: 'typing' })
    expect(await ada.socket.next('typing')).toEqual({ type: 'typing', chatSid, identity: auth.identity, typing: true })

    await visitor.ok({ type: 'read' })
    expect(await ada.socket.next('readHorizon')).toEqual({ type: 'readHorizon', chatSid, identity: auth.identity, lastReadIndex: 2 })
    await ada.socket.ok({ type: 'read', chatSid, index: 1 })
    expect(await visitor.next('readHorizon', (e) => e.identity === agentSid)).toMatchObject({ lastReadIndex: 1 })
  })

  it('sends each message to the holder at once as messageAdded, ahead of the debounced state', async () => {
    // A manual clock that never moves: the debounced state is never sent, so whatever arrives is not it.
    h = await startHub({ sandbox: { clock: createManualClock() } })
    const ada = await h.agent('Ada', { activity: 'Offline' })
    await ada.socket.ok({ type: 'setActivity', activity: 'Available' })
    const bob = await h.agent('Bob', { activity: 'Offline' })
    const auth = await h.escalate({ visitorName: 'Grace' })
    const visitor = (await h.visitor(auth)).socket
    // Offers reach the console in the (here never sent) state: take Ada's from the router.
    const reservationSid = h.sandbox.router.worker(ada.state.worker.sid)!.reservationSids[0]!
    await ada.socket.ok({ type: 'accept', reservationSid })
    const { index } = await visitor.ok<{ index: number }>({ type: 'send', body: 'Hello?', attributes: { messageId: 'v-1' } })
    const added = await ada.socket.next('messageAdded', (e) => e.message.index === index)
    expect(added).toMatchObject({ type: 'messageAdded', chatSid: auth.chatSid, message: { index, author: auth.identity, body: 'Hello?' } })
    const own = await ada.socket.ok<{ index: number }>({ type: 'send', chatSid: auth.chatSid, body: 'Hi, Ada here' })
    expect(await ada.socket.next('messageAdded', (e) => e.message.index === own.index)).toMatchObject({
      chatSid: auth.chatSid,
      message: { body: 'Hi, Ada here' },
    })
    expect(ada.socket.pending('state')).toHaveLength(0)
    // Bob holds nothing: he is sent no message. The server sends events as each message is added, before
    // its reply to Ada; it answers Bob's request later, and one socket keeps its order, so by that reply
    // anything sent to Bob for these messages has arrived.
    await bob.socket.ok({ type: 'setActivity', activity: 'Offline' })
    expect(bob.socket.pending('messageAdded')).toHaveLength(0)
  })

  it('refuses to act in a chat the agent does not hold', async () => {
    h = await startHub()
    const { chatSid } = await acceptedChat()
    const bob = await h.agent('Bob')
    expect(await bob.socket.request({ type: 'send', chatSid, body: 'hijack' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('transfer to a named agent: the visitor sees the new agent join and the old one leave', async () => {
    h = await startHub()
    const { ada, visitor, taskSid } = await acceptedChat()
    await visitor.next('memberJoined')
    const bob = await h.agent('Bob')
    await ada.socket.ok({ type: 'transfer', taskSid, to: { worker: 'Bob' } })
    expect((await stateWhere(ada.socket, (s) => s.chats[0]?.transferring !== undefined)).chats[0]!.transferring).toEqual({ to: 'Bob' })
    const offer = await offered(bob.socket)
    expect(offer.purpose).toBe('transfer')
    await bob.socket.ok({ type: 'accept', reservationSid: offer.reservationSid })
    expect((await visitor.next('memberJoined')).member.displayName).toBe('Bob')
    expect((await visitor.next('memberLeft')).identity).toBe(ada.state.worker.sid)
    await stateWhere(ada.socket, (s) => s.chats.length === 0)
    await stateWhere(bob.socket, (s) => s.chats.length === 1)
  })

  it('transfer to a queue goes to an agent of that queue, never back to the one handing over', async () => {
    h = await startHub()
    const { ada, visitor, taskSid } = await acceptedChat()
    await visitor.next('memberJoined')
    const tess = await h.agent('Tess', { skills: ['technical'] })
    expect(await ada.socket.request({ type: 'transfer', taskSid, to: { queue: 'Nowhere' } })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no task queue "Nowhere"/) },
    })
    await ada.socket.ok({ type: 'transfer', taskSid, to: { queue: 'Technical support' } })
    const offer = await offered(tess.socket)
    await tess.socket.ok({ type: 'accept', reservationSid: offer.reservationSid })
    expect((await visitor.next('memberJoined')).member.displayName).toBe('Tess')
  })

  it('leave puts the chat back in the queue and takes the agent out of it', async () => {
    h = await startHub()
    const { ada, visitor, taskSid } = await acceptedChat()
    await visitor.next('memberJoined')
    await ada.socket.ok({ type: 'leave', taskSid })
    expect((await visitor.next('memberLeft')).identity).toBe(ada.state.worker.sid)
    expect(h.sandbox.router.task(taskSid)!.status).toBe('pending')
  })

  it('end: the visitor gets chatEnded, the agent the chat in wrap-up until complete', async () => {
    h = await startHub()
    const { ada, visitor, taskSid } = await acceptedChat()
    await ada.socket.ok({ type: 'end', taskSid })
    await visitor.next('chatEnded')
    const wrapping = await stateWhere(ada.socket, (s) => s.chats[0]?.status === 'wrapping')
    expect(wrapping.chats[0]!.ended).toBe(true)
    expect(await visitor.request({ type: 'send', body: 'wait', attributes: {} })).toMatchObject({
      ok: false,
      error: { code: 'chat-closed' },
    })
    await ada.socket.ok({ type: 'complete', taskSid })
    await stateWhere(ada.socket, (s) => s.chats.length === 0)
  })

  it('the chat ending (as the visitor ends it through the middleware) shows it ended on the console', async () => {
    h = await startHub()
    const { ada, auth } = await acceptedChat()
    h.sandbox.endChat(auth.chatSid)
    const state = await stateWhere(ada.socket, (s) => s.chats[0]?.ended === true)
    expect(state.chats[0]!.status).toBe('wrapping')
  })
})
