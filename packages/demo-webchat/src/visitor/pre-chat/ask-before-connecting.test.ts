import { type BusEvent, type BusEventHumanAgentPreStartChat, BusEventType, type ChatInstance, type MessageResponse } from '@carbon/ai-chat'
import { describe, expect, it, vi } from 'vitest'
import { askBeforeConnecting } from './ask-before-connecting.js'
import { PreChatPrompt } from './pre-chat-prompt.js'

// Carbon's entry point loads its web components, which need a browser; this test needs only the event name,
// checked against Carbon's own enum so that a renamed event fails the compiler.
vi.mock('@carbon/ai-chat', () => ({
  BusEventType: { HUMAN_AGENT_PRE_START_CHAT: 'human_agent:pre:startChat' } satisfies {
    [K in keyof typeof BusEventType]?: `${(typeof BusEventType)[K]}`
  },
}))

/** A Carbon instance that keeps the handler registered, as Carbon's event bus does. */
function fakeInstance() {
  const handlers = new Map<string, (event: BusEvent) => unknown>()
  const instance: Pick<ChatInstance, 'on'> = {
    on: (registered) => {
      for (const { type, handler } of Array.isArray(registered) ? registered : [registered]) {
        handlers.set(type, (event) => handler(event, instance as ChatInstance))
      }
      return instance as ChatInstance
    },
  }
  /** Fires `human_agent:pre:startChat` and waits for the handler, as Carbon's startChat does. */
  const preStartChat = async (prompt: PreChatPrompt, answers: Record<string, string> | undefined) => {
    const event: BusEventHumanAgentPreStartChat = { type: BusEventType.HUMAN_AGENT_PRE_START_CHAT, message: {} as MessageResponse }
    const handled = handlers.get(BusEventType.HUMAN_AGENT_PRE_START_CHAT)?.(event)
    expect(prompt.open).toBe(true)
    prompt.answer(answers)
    await handled
    return event
  }
  return { instance, preStartChat }
}

describe('askBeforeConnecting', () => {
  it("hands the visitor's answers to Carbon as preStartChatPayload", async () => {
    const prompt = new PreChatPrompt()
    const { instance, preStartChat } = fakeInstance()
    askBeforeConnecting(instance, prompt)
    const event = await preStartChat(prompt, { name: 'Ada', orderNumber: 'A-1042' })
    expect(event.preStartChatPayload).toEqual({ name: 'Ada', orderNumber: 'A-1042' })
    expect(event.cancelStartChat).toBeUndefined()
  })

  it('cancels the connection when the visitor cancels the form', async () => {
    const prompt = new PreChatPrompt()
    const { instance, preStartChat } = fakeInstance()
    askBeforeConnecting(instance, prompt)
    const event = await preStartChat(prompt, undefined)
    expect(event.cancelStartChat).toBe(true)
    expect(event.preStartChatPayload).toBeUndefined()
  })
})
