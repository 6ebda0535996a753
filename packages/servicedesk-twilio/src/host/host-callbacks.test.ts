import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../test/harness.js'
import { hostKinds } from '../../test/hosts.js'
import { ChatCallbacks } from './chat-callbacks.js'
import { endedByAgent, HostCallbacks } from './host-callbacks.js'

describe.each(hostKinds)('HostCallbacks, %s host', (kind, makeHost) => {
  it("drops every call after close() until reopened, the chat's calls (ChatCallbacks) too", async () => {
    const host = makeHost()
    const callbacks = new HostCallbacks(host.callback, silentLogger)
    const chat = new ChatCallbacks(callbacks)
    callbacks.close()
    await chat.agentEndedChat()
    await callbacks.setConnectingError('Please try again.')
    callbacks.reopen()
    await chat.agentLeftChat()
    expect(host.names()).toEqual(['agentLeftChat'])
  })

  it('recognises v7 by its missing persistence', () => {
    expect(new HostCallbacks(makeHost().callback, silentLogger).isV7).toBe(kind === 'v7')
  })
})

describe('HostCallbacks robustness', () => {
  it('logs a throwing host callback instead of failing the desk', async () => {
    const warnings: string[] = []
    const host = hostKinds[1][1]()
    const callback = { ...host.callback, agentTyping: () => Promise.reject(new Error('host bug')) }
    const callbacks = new HostCallbacks(callback, { ...silentLogger, warn: (message) => warnings.push(message) })
    await new ChatCallbacks(callbacks).agentTyping(true)
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
