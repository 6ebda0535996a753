/**
 * Issue 12, "a middleware restart, adapter side": after a restart the sandbox no longer knows the chat (4404),
 * or, with a new `SESSION_TOKEN_SECRET`, `/auth/refresh` answers 401. Either way the visitor gets a clean end
 * that says why (not "<agent> ended the chat", not "connection lost" for good), and a new request works at
 * once on the same desk.
 */
import { describe, expect, it, vi } from 'vitest'
import { type DeskKit, type KitDesk, startedKitDesk, useDeskKits } from '../../test/desk-kits.js'
import { connectMessage, flush } from '../../test/harness.js'
import { carbonHost, type TestHost, v8Host } from '../../test/hosts.js'
import { errorReply, refreshAnswer, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'

const middleware = useFakeMiddleware()
const { kits, sandbox: h } = useDeskKits(middleware)
const sandboxKit = kits.find((kit) => kit.name === 'sandbox') as DeskKit

const RESTARTED = /^The chat ended because the support service restarted\. You can ask for an agent again\.$/
const hosts = [
  ['carbon', carbonHost],
  ['v8', v8Host],
] as const

/** What the visitor's window shows of the end: the reason as a status line, then the host's own end. */
function endCalls(host: TestHost) {
  return host.calls
    .filter((call) => ['sendMessageToUser', 'agentEndedChat', 'endConversation', 'setErrorStatus'].includes(call.name))
    .map((call) =>
      call.name === 'sendMessageToUser' ? { status: call.args[0] } : call.name === 'setErrorStatus' ? call.args[0] : call.name,
    )
}

function expectCleanEnd(host: TestHost) {
  const statusLine = {
    status: {
      output: { generic: [{ response_type: 'text', text: expect.stringMatching(RESTARTED), agent_message_type: 'chat_was_ended' }] },
    },
  }
  // Carbon: `instance.serviceDesk.endConversation()` (no "<agent> ended the chat."); v8 has no such instance.
  const end = host.kind === 'carbon' ? 'endConversation' : 'agentEndedChat'
  // First the drop, shown as usual once an agent joined; then the end.
  expect(endCalls(host)).toEqual([{ type: 2, isDisconnected: true }, statusLine, end])
}

/** After the clean end, the same desk takes a new request at once, and the agent's join reaches the host. */
async function expectNewRequestWorks(kitDesk: KitDesk) {
  const joinedBefore = kitDesk.host.argsOf('agentJoined').length
  await kitDesk.desk.startChat(connectMessage, {})
  await kitDesk.agentJoins()
  expect(kitDesk.host.argsOf('agentJoined')).toHaveLength(joinedBefore + 1)
  await kitDesk.desk.endChat({})
}

describe('the sandbox restarted (the middleware with it)', () => {
  describe.each(hosts)('after an agent joined, %s host', (_name, makeHost) => {
    it('with the same secret, the chat is unknown (4404): the chat ends with the reason, and a new request works', async () => {
      const kitDesk = await startedKitDesk(sandboxKit, makeHost())
      await kitDesk.agentJoins()
      h.sandbox.forgotten = true
      h.sandbox.closeClients(4000)
      await vi.waitFor(() => expect(kitDesk.shutDown()).toBe(true))
      await flush()
      expectCleanEnd(kitDesk.host)
      expect(kitDesk.host.names()).not.toContain(makeHost === carbonHost ? 'agentEndedChat' : 'endConversation')
      expect(kitDesk.host.stored()).toEqual({})
      h.sandbox.forgotten = false
      await expectNewRequestWorks(kitDesk)
    })

    it('with a new secret, the token is refused (4401) and so is the refresh (401): the same clean end', async () => {
      const kitDesk = await startedKitDesk(sandboxKit, makeHost())
      await kitDesk.agentJoins()
      h.sandbox.tokens.clear()
      middleware.answer('refresh', () => errorReply(401, 'unauthorized', 'The session token was rejected: invalid signature'))
      h.sandbox.closeClients(4000)
      await vi.waitFor(() => expect(kitDesk.shutDown()).toBe(true))
      await flush()
      expectCleanEnd(kitDesk.host)
      h.sandbox.tokens.add('sandbox-token-1')
      middleware.answer('refresh', refreshAnswer)
      await expectNewRequestWorks(kitDesk)
    })
  })

  it('while waiting for an agent: a connecting error with the reason at once, and the next request works', async () => {
    const kitDesk = await startedKitDesk(sandboxKit, carbonHost())
    h.sandbox.forgotten = true
    h.sandbox.closeClients(4000)
    await vi.waitFor(() => expect(kitDesk.shutDown()).toBe(true))
    await flush()
    expect(endCalls(kitDesk.host)).toEqual([{ type: 1, messageToUser: expect.stringMatching(RESTARTED), logInfo: undefined }])
    h.sandbox.forgotten = false
    await expectNewRequestWorks(kitDesk)
  })
})

describe.each(kits.filter((kit) => kit.name !== 'sandbox'))('the middleware restarted with a new secret, on the $name transport', (kit) => {
  const refuseRefresh = () => middleware.answer('refresh', () => errorReply(401, 'unauthorized', 'The session token was rejected'))

  it.each(hosts)(
    'after an agent joined (%s): the refused refresh ends the chat with the reason, and a new request works',
    async (_name, makeHost) => {
      const kitDesk = await startedKitDesk(kit, makeHost())
      await kitDesk.agentJoins()
      refuseRefresh()
      await kitDesk.tokenAboutToExpire()
      await flush()
      // The Twilio connection itself never dropped: no "disconnected" first.
      const end = kitDesk.host.kind === 'carbon' ? 'endConversation' : 'agentEndedChat'
      expect(endCalls(kitDesk.host)).toEqual([
        {
          status: {
            output: { generic: [{ response_type: 'text', text: expect.stringMatching(RESTARTED), agent_message_type: 'chat_was_ended' }] },
          },
        },
        end,
      ])
      expect(kitDesk.shutDown()).toBe(true)
      // Best effort: the middleware refuses this session for /chats/end too, and the desk does not insist.
      expect(middleware.of('end').map((request) => request.authorization)).toEqual([`Bearer ${SESSION_TOKEN}`])
      middleware.answer('refresh', refreshAnswer)
      await expectNewRequestWorks(kitDesk)
    },
  )

  it('while waiting: a connecting error with the reason, and a new request works', async () => {
    const kitDesk = await startedKitDesk(kit, carbonHost())
    refuseRefresh()
    await kitDesk.tokenAboutToExpire()
    await flush()
    expect(endCalls(kitDesk.host)).toEqual([{ type: 1, messageToUser: expect.stringMatching(RESTARTED), logInfo: undefined }])
    middleware.answer('refresh', refreshAnswer)
    await expectNewRequestWorks(kitDesk)
  })
})
