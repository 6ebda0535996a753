import { describe, expect, it } from 'vitest'
import { member, message } from '../../test/fake-transport.js'
import { AGENT, AGENT_2, buildDesk, flush, startedDesk, VISITOR } from '../../test/harness.js'
import { carbonHost, type TestHost, v8Host } from '../../test/hosts.js'
import { errorReply, FRESH_TOKEN, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import type { PersistedChat } from './persisted-state.js'

const middleware = useFakeMiddleware()

const text = (body: string) => ({ output: { generic: [{ response_type: 'text', text: body }] } })

/** A chat where Ana joined and said one thing, as stored before the reload. */
async function storedChat(makeHost: () => TestHost): Promise<PersistedChat> {
  const before = await startedDesk(makeHost())
  before.transport.deliver(message(0, 'virtual-assistant', 'transcript', { kind: 'assistant-transcript' }))
  before.transport.emit('memberJoined', member(AGENT, 'Ana'))
  before.transport.deliver(message(1, AGENT, 'Hello'))
  await flush()
  const stored = before.host.stored() as PersistedChat
  return structuredClone(stored)
}

// v7 keeps nothing across reloads, so only v8 and Carbon call reconnect().
describe.each([
  ['v8', v8Host],
  ['carbon', carbonHost],
] as const)('reconnect() after a reload, %s host', (_kind, makeHost) => {
  it('resumes the same chat, keeps the known agent and delivers only the missed messages', async () => {
    const saved = await storedChat(makeHost)
    expect(saved).toMatchObject({ lastIndex: 1, agents: [{ id: AGENT, nickname: 'Ana' }] })
    const after = await buildDesk(makeHost(saved), {}, saved)
    after.transport.snapshot = { ended: false, members: [member(VISITOR), member(AGENT, 'Ana')] }
    after.transport.deliver(message(0, 'virtual-assistant', 'transcript', { kind: 'assistant-transcript' }), false)
    after.transport.deliver(message(1, AGENT, 'Hello'), false)
    after.transport.deliver(message(2, AGENT, 'Are you still there?'), false)

    await expect(after.desk.reconnect()).resolves.toBe(true)
    await flush()
    expect(middleware.of('refresh').at(-1)?.authorization).toBe(`Bearer ${SESSION_TOKEN}`)
    expect(after.transport.connectedWith).toEqual({ token: FRESH_TOKEN, chatSid: 'CH0001', identity: VISITOR })
    expect(after.host.names()).not.toContain('agentJoined')
    expect(after.host.argsOf('sendMessageToUser')).toEqual([[text('Are you still there?'), AGENT]])
    await after.desk.endChat({})
  })

  it('announces an agent who replaced the stored one while the page reloaded', async () => {
    const saved = await storedChat(makeHost)
    const after = await buildDesk(makeHost(saved), {}, saved)
    after.transport.snapshot = { ended: false, members: [member(VISITOR), member(AGENT_2, 'Ben')] }
    await expect(after.desk.reconnect()).resolves.toBe(true)
    await flush()
    expect(after.host.names().filter((name) => /agent/i.test(name))).toEqual(['agentLeftChat', 'agentJoined'])
    await after.desk.endChat({})
  })

  it('resolves false when the chat ended meanwhile', async () => {
    const saved = await storedChat(makeHost)
    const after = await buildDesk(makeHost(saved), {}, saved)
    after.transport.snapshot = { ended: true, members: [] }
    await expect(after.desk.reconnect()).resolves.toBe(false)
    expect(after.transport.shutDown).toBe(true)
    expect(after.host.names()).not.toContain('agentEndedChat')
  })

  it('resolves false when the session expired, without calling the middleware', async () => {
    const saved = { ...(await storedChat(makeHost)), sessionExpiresAt: new Date(Date.now() - 1_000).toISOString() }
    middleware.reset()
    const after = await buildDesk(makeHost(saved), {}, saved)
    await expect(after.desk.reconnect()).resolves.toBe(false)
    expect(middleware.requests).toEqual([])
    expect(after.loads()).toBe(0)
  })

  it('resolves false when the middleware no longer accepts the session', async () => {
    const saved = await storedChat(makeHost)
    middleware.answer('refresh', () => errorReply(401, 'unauthorized', 'Unknown session'))
    const after = await buildDesk(makeHost(saved), {}, saved)
    await expect(after.desk.reconnect()).resolves.toBe(false)
  })

  it('resolves false when nothing was stored', async () => {
    const after = await buildDesk(makeHost())
    await expect(after.desk.reconnect()).resolves.toBe(false)
  })
})
