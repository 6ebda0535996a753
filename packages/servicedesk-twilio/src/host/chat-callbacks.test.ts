import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../test/harness.js'
import { carbonHost, hostKinds, type TestHost, v7Host, v8Host } from '../../test/hosts.js'
import { ChatCallbacks } from './chat-callbacks.js'
import { HostCallbacks } from './host-callbacks.js'

/** The chat's callbacks over `host`, as the chat engine builds them (over the desk's `HostCallbacks`). */
const chatCallbacks = (host: TestHost, instance?: unknown) => new ChatCallbacks(new HostCallbacks(host.callback, silentLogger, instance))

describe.each(hostKinds)('ChatCallbacks, %s host', (_kind, makeHost) => {
  it('sends both availability spellings, the wait rounded up to minutes', async () => {
    const host = makeHost()
    await chatCallbacks(host).updateAgentAvailability({ positionInQueue: 2, estimatedWaitSeconds: 61 })
    expect(host.argsOf('updateAgentAvailability')).toEqual([
      [{ positionInQueue: 2, position_in_queue: 2, estimatedWaitTime: 2, estimated_wait_time: 2 }],
    ])
  })

  it('always marks agents as human', async () => {
    const host = makeHost()
    await chatCallbacks(host).agentJoined({ id: 'a', nickname: 'Ana' })
    expect(host.argsOf('agentJoined')).toEqual([[{ id: 'a', nickname: 'Ana', user_type: 'human' }]])
  })
})

describe('ChatCallbacks.chatLost: the end of a chat the service lost, after an agent joined', () => {
  const reason = 'The chat ended because the support service restarted. You can ask for an agent again.'
  const statusLine = { output: { generic: [{ response_type: 'text', text: reason, agent_message_type: 'chat_was_ended' }] } }

  it('Carbon: the reason as a status line, then the instance\'s endConversation (no "<agent> ended the chat")', async () => {
    const host = carbonHost()
    const ended: unknown[] = []
    host.attach?.({ endChat: async (info) => void ended.push(info) })
    await chatCallbacks(host, host.instance).chatLost(reason)
    expect(host.calls.map((call) => call.name)).toEqual(['sendMessageToUser', 'endConversation'])
    expect(host.argsOf('sendMessageToUser')).toEqual([[statusLine]])
    // Carbon then calls the desk's endChat, as for a visitor's end.
    expect(ended).toEqual([{ endedByHumanAgent: false, preEndChatPayload: null }])
  })

  it.each([
    ['v7', v7Host],
    ['v8', v8Host],
  ] as const)('%s (no such instance): the reason, then agentEndedChat', async (_kind, makeHost) => {
    const host = makeHost()
    await chatCallbacks(host, { serviceDesk: {} }).chatLost(reason)
    expect(host.calls.map((call) => call.name)).toEqual(['sendMessageToUser', 'agentEndedChat'])
    expect(host.argsOf('sendMessageToUser')).toEqual([[statusLine]])
  })
})
