import { TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from '@flex-escalate/api/transcript'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { member, message } from '../../test/fake-transport.js'
import { AGENT, AGENT_2, flush, type Harness, startedDesk, VISITOR } from '../../test/harness.js'
import { hostKinds } from '../../test/hosts.js'
import { errorReply, FRESH_TOKEN, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import { REFRESH_RETRY_MS, TRANSFER_GRACE_MS } from './live-chat.js'

const middleware = useFakeMiddleware()

const text = (body: string) => ({ output: { generic: [{ response_type: 'text', text: body }] } })

describe.each(hostKinds)('a running chat, %s host', (_kind, makeHost) => {
  let h: Harness

  async function join(identity = AGENT, name = 'Ana Agent') {
    h.transport.emit('memberJoined', member(identity, name, 'https://cdn.example.test/ana.png'))
    await flush()
  }

  beforeEach(async () => {
    h = await startedDesk(makeHost())
  })
  afterEach(() => h.desk.endChat({}))

  describe('agent joins', () => {
    it('announces the agent with friendly name, avatar and user_type human', async () => {
      await join()
      expect(h.host.argsOf('agentJoined')).toEqual([
        [{ id: AGENT, nickname: 'Ana Agent', profile_picture_url: 'https://cdn.example.test/ana.png', user_type: 'human' }],
      ])
    })

    it('never shows the raw identity when the user has no friendly name', async () => {
      h.transport.emit('memberJoined', member(AGENT))
      await flush()
      expect(h.host.argsOf('agentJoined')[0]?.[0]).toMatchObject({ id: AGENT, nickname: 'Agent' })
    })

    it("ignores the visitor's own membership and the transcript author", async () => {
      h.transport.emit('memberJoined', member(VISITOR, 'Me'))
      h.transport.emit('memberJoined', member(TRANSCRIPT_AUTHOR, 'Assistant'))
      await flush()
      expect(h.host.names()).not.toContain('agentJoined')
    })
  })

  describe('messages', () => {
    it('delivers an agent message with the agent id', async () => {
      await join()
      h.transport.deliver(message(1, AGENT, 'Hello, how can I help?'))
      await flush()
      expect(h.host.argsOf('sendMessageToUser')).toEqual([[text('Hello, how can I help?'), AGENT]])
    })

    it("never echoes the visitor's own messages", async () => {
      await join()
      await h.desk.sendMessageToAgent({ input: { text: 'my invoice' } }, 'm-1', {})
      await flush()
      expect(h.transport.sent).toHaveLength(1)
      expect(h.host.names()).not.toContain('sendMessageToUser')
    })

    it("never shows the assistant's transcript for the agent", async () => {
      h.transport.deliver(message(0, TRANSCRIPT_AUTHOR, 'Summary', { kind: TRANSCRIPT_KIND }))
      h.transport.deliver(message(1, 'someone-else', 'Summary again', { kind: TRANSCRIPT_KIND }))
      await flush()
      expect(h.host.names()).not.toContain('sendMessageToUser')
    })

    it('delivers each message once even when the SDK repeats it', async () => {
      await join()
      const hello = message(1, AGENT, 'Hello')
      h.transport.deliver(hello)
      h.transport.emit('messageAdded', hello)
      await flush()
      expect(h.host.argsOf('sendMessageToUser')).toHaveLength(1)
    })

    it("clears the agent's typing state when the agent's message arrives", async () => {
      await join()
      h.transport.emit('typingStarted', AGENT)
      h.transport.deliver(message(1, AGENT, 'Done typing'))
      await flush()
      const names = h.host.names().filter((name) => name === 'agentTyping' || name === 'sendMessageToUser')
      expect(names).toEqual(['agentTyping', 'agentTyping', 'sendMessageToUser'])
      expect(h.host.argsOf('agentTyping')).toEqual([[true], [false]])
    })
  })

  describe('typing', () => {
    it('drives agentTyping from the agent typing start and stop', async () => {
      await join()
      h.transport.emit('typingStarted', AGENT)
      h.transport.emit('typingEnded', AGENT)
      await flush()
      expect(h.host.argsOf('agentTyping')).toEqual([[true], [false]])
    })

    it("throttles the visitor's typing signal", async () => {
      vi.useFakeTimers()
      await h.desk.userTyping(true)
      await h.desk.userTyping(true)
      await h.desk.userTyping(true)
      expect(h.transport.typingSignals).toBe(1)
      await vi.advanceTimersByTimeAsync(3_000)
      await h.desk.userTyping(true)
      expect(h.transport.typingSignals).toBe(2)
      await h.desk.userTyping(false)
      await h.desk.userTyping(true)
      expect(h.transport.typingSignals).toBe(3)
    })
  })

  describe('read receipts', () => {
    it("reports agentReadMessages once the agent's read horizon reaches the visitor's last message", async () => {
      await join()
      await h.desk.sendMessageToAgent({ input: { text: 'one' } }, 'm-1', {})
      await h.desk.sendMessageToAgent({ input: { text: 'two' } }, 'm-2', {})
      await flush()
      const last = h.transport.sent.length // indices 1 and 2
      h.transport.emit('readHorizonChanged', AGENT, last - 1)
      await flush()
      expect(h.host.names()).not.toContain('agentReadMessages')
      h.transport.emit('readHorizonChanged', AGENT, last)
      h.transport.emit('readHorizonChanged', AGENT, last)
      await flush()
      expect(h.host.argsOf('agentReadMessages')).toHaveLength(1)
    })

    it('marks everything read when the visitor has read the messages', async () => {
      await h.desk.userReadMessages()
      expect(h.transport.readCalls).toBe(1)
    })
  })

  describe('transfers and endings', () => {
    it('announces a second agent joining as a transfer, and not the first one leaving after it', async () => {
      await join()
      h.transport.emit('memberJoined', member(AGENT_2, 'Ben Agent'))
      await flush()
      h.transport.emit('memberLeft', AGENT)
      await flush()
      const names = h.host.names().filter((name) => /agent|Transfer/i.test(name))
      // The host now shows the second agent; "agentLeftChat" would make Carbon report *that* agent as gone.
      expect(names).toEqual(['agentJoined', 'beginTransferToAnotherAgent', 'agentJoined'])
      expect(h.host.argsOf('beginTransferToAnotherAgent')[0]?.[0]).toMatchObject({ id: AGENT_2, nickname: 'Ben Agent' })
      expect(h.host.names()).not.toContain('agentEndedChat')
    })

    it('shows the remaining agent again when the agent the host shows leaves first', async () => {
      await join()
      h.transport.emit('memberJoined', member(AGENT_2, 'Ben Agent'))
      await flush()
      h.transport.emit('memberLeft', AGENT_2)
      await flush()
      const names = h.host.names().filter((name) => /agent|Transfer/i.test(name))
      expect(names).toEqual(['agentJoined', 'beginTransferToAnotherAgent', 'agentJoined', 'agentLeftChat', 'agentJoined'])
      expect(h.host.argsOf('agentJoined').at(-1)?.[0]).toMatchObject({ id: AGENT })
    })

    it('treats the agent leaving an active chat as a transfer to the next agent', async () => {
      vi.useFakeTimers()
      await join()
      h.transport.emit('memberLeft', AGENT)
      await vi.advanceTimersByTimeAsync(TRANSFER_GRACE_MS)
      await join(AGENT_2, 'Ben Agent')
      const names = h.host.names().filter((name) => /agent|Transfer/i.test(name))
      expect(names).toEqual(['agentJoined', 'agentLeftChat', 'beginTransferToAnotherAgent', 'agentJoined'])
      expect(h.host.argsOf('beginTransferToAnotherAgent')[0]).toEqual([])
    })

    it('ends the chat only when Flex ends it, not when the agent just leaves', async () => {
      vi.useFakeTimers()
      await join()
      h.transport.emit('memberLeft', AGENT)
      await flush()
      h.transport.emit('chatEnded')
      await vi.advanceTimersByTimeAsync(TRANSFER_GRACE_MS * 2)
      expect(h.host.names().filter((name) => /agent|Transfer/i.test(name))).toEqual(['agentJoined', 'agentLeftChat', 'agentEndedChat'])
    })

    it('ignores agent messages after Flex ended the chat', async () => {
      await join()
      h.transport.emit('chatEnded')
      h.transport.deliver(message(1, AGENT, 'too late'))
      await flush()
      expect(h.host.names()).not.toContain('sendMessageToUser')
    })
  })

  describe('tokens', () => {
    it.each(['tokenAboutToExpire', 'tokenExpired'] as const)('refreshes on %s and updates the SDK token', async (event) => {
      h.transport.emit(event)
      await flush()
      expect(middleware.of('refresh')[0]?.authorization).toBe(`Bearer ${SESSION_TOKEN}`)
      expect(h.transport.tokens).toEqual([FRESH_TOKEN])
    })

    it('refreshes when Twilio denies the connection (a sleeping tab misses the warning)', async () => {
      h.transport.emit('connectionStateChanged', 'denied')
      await flush()
      expect(h.transport.tokens).toEqual([FRESH_TOKEN])
    })

    it('after an agent joined, reports a disconnection when the refresh fails, and tries again until it works', async () => {
      vi.useFakeTimers()
      await join()
      middleware.answer('refresh', () => errorReply(503, 'flex_unavailable', 'Try later'))
      h.transport.emit('tokenExpired')
      await flush()
      expect(h.host.argsOf('setErrorStatus')).toEqual([[{ type: 2, isDisconnected: true }]])
      expect(h.transport.tokens).toEqual([])
      middleware.reset()
      await vi.advanceTimersByTimeAsync(REFRESH_RETRY_MS[0] ?? 0)
      expect(h.transport.tokens).toEqual([FRESH_TOKEN])
      expect(h.host.argsOf('setErrorStatus')).toEqual([[{ type: 2, isDisconnected: true }], [{ type: 2, isDisconnected: false }]])
    })
  })

  describe('connection', () => {
    it('reports lost and back, then delivers each missed agent message exactly once', async () => {
      await join()
      h.transport.deliver(message(1, AGENT, 'before'))
      await flush()
      h.transport.emit('connectionStateChanged', 'disconnected')
      h.transport.emit('connectionStateChanged', 'disconnected')
      h.transport.deliver(message(2, AGENT, 'missed one'), false)
      h.transport.deliver(message(3, AGENT, 'missed two'), false)
      h.transport.emit('connectionStateChanged', 'connecting')
      h.transport.emit('connectionStateChanged', 'connected')
      await flush()
      h.transport.emit('messageAdded', message(3, AGENT, 'missed two'))
      await flush()
      expect(h.host.argsOf('setErrorStatus')).toEqual([[{ type: 2, isDisconnected: true }], [{ type: 2, isDisconnected: false }]])
      expect(h.host.argsOf('sendMessageToUser').map((args) => args[0])).toEqual([text('before'), text('missed one'), text('missed two')])
    })
  })

  describe('waiting for an agent', () => {
    it('polls the queue and sends both spellings in minutes until an agent joins', async () => {
      await h.desk.endChat({}) // only the desk below polls
      vi.useFakeTimers()
      middleware.availability({ agentsOnline: true, positionInQueue: 3, estimatedWaitSeconds: 150 })
      const waiting = await startedDesk(makeHost(), { availabilityPollMs: 5_000 })
      await flush()
      expect(waiting.host.argsOf('updateAgentAvailability')[0]?.[0]).toEqual({
        positionInQueue: 3,
        position_in_queue: 3,
        estimatedWaitTime: 3,
        estimated_wait_time: 3,
      })
      const query = middleware.of('availability').at(-1)
      expect(query?.query).toEqual({ topic: 'billing' })
      expect(query?.authorization).toBe(`Bearer ${SESSION_TOKEN}`)
      await vi.advanceTimersByTimeAsync(5_000)
      expect(waiting.host.argsOf('updateAgentAvailability')).toHaveLength(2)
      waiting.transport.emit('memberJoined', member(AGENT, 'Ana'))
      await flush()
      const polls = middleware.of('availability').length
      await vi.advanceTimersByTimeAsync(20_000)
      expect(middleware.of('availability')).toHaveLength(polls)
    })
  })
})
