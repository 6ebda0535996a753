import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../test/harness.js'
import { carbonHost, hostKinds, v7Host, v8Host } from '../../test/hosts.js'
import { endedByAgent, HostCallbacks } from './host-callbacks.js'

describe.each(hostKinds)('HostCallbacks, %s host', (kind, makeHost) => {
  it('sends both availability spellings, the wait rounded up to minutes', async () => {
    const host = makeHost()
    await new HostCallbacks(host.callback, silentLogger).updateAgentAvailability({ positionInQueue: 2, estimatedWaitSeconds: 61 })
    expect(host.argsOf('updateAgentAvailability')).toEqual([
      [{ positionInQueue: 2, position_in_queue: 2, estimatedWaitTime: 2, estimated_wait_time: 2 }],
    ])
  })

  it('always marks agents as human', async () => {
    const host = makeHost()
    await new HostCallbacks(host.callback, silentLogger).agentJoined({ id: 'a', nickname: 'Ana' })
    expect(host.argsOf('agentJoined')).toEqual([[{ id: 'a', nickname: 'Ana', user_type: 'human' }]])
  })

  it('drops every call after close() until reopened', async () => {
    const host = makeHost()
    const callbacks = new HostCallbacks(host.callback, silentLogger)
    callbacks.close()
    await callbacks.agentEndedChat()
    callbacks.reopen()
    await callbacks.agentLeftChat()
    expect(host.names()).toEqual(['agentLeftChat'])
  })

  it('recognises v7 by its missing persistence', () => {
    expect(new HostCallbacks(makeHost().callback, silentLogger).isV7).toBe(kind === 'v7')
  })
})

describe('HostCallbacks.chatLost: the end of a chat the service lost, after an agent joined', () => {
  const reason = 'The chat ended because the support service restarted. You can ask for an agent again.'
  const statusLine = { output: { generic: [{ response_type: 'text', text: reason, agent_message_type: 'chat_was_ended' }] } }

  it('Carbon: the reason as a status line, then the instance\'s endConversation (no "<agent> ended the chat")', async () => {
    const host = carbonHost()
    const ended: unknown[] = []
    host.attach?.({ endChat: async (info) => void ended.push(info) })
    await new HostCallbacks(host.callback, silentLogger, host.instance).chatLost(reason)
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
    await new HostCallbacks(host.callback, silentLogger, { serviceDesk: {} }).chatLost(reason)
    expect(host.calls.map((call) => call.name)).toEqual(['sendMessageToUser', 'agentEndedChat'])
    expect(host.argsOf('sendMessageToUser')).toEqual([[statusLine]])
  })
})

describe('HostCallbacks robustness', () => {
  it('logs a throwing host callback instead of failing the desk', async () => {
    const warnings: string[] = []
    const host = hostKinds[1][1]()
    const callback = { ...host.callback, agentTyping: () => Promise.reject(new Error('host bug')) }
    await new HostCallbacks(callback, { ...silentLogger, warn: (message) => warnings.push(message) }).agentTyping(true)
    expect(warnings).toEqual(["The host's agentTyping callback failed"])
  })

  it.each([
    [{ endedByHumanAgent: true }, true],
    [{ endedByAgent: true }, true],
    [{ endedByHumanAgent: false }, false],
    [undefined, false],
  ])('endedByAgent(%j) is %s', (info, expected) => {
    expect(endedByAgent(info)).toBe(expected)
  })
})
