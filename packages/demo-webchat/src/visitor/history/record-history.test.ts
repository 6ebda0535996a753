import {
  type BusEvent,
  BusEventType,
  type ChatInstance,
  type EventBusHandler,
  HumanAgentMessageType,
  type MessageRequest,
} from '@carbon/ai-chat'
import { describe, expect, it, vi } from 'vitest'
import { HistoryStore } from './history-store.js'
import { recordHistory } from './record-history.js'

/** Each value is checked against Carbon's own declaration of the enum, so a renamed event fails the compiler. */
type CarbonEnum<E extends Record<string, string>> = { [K in keyof E]?: `${E[K]}` }

// Carbon's entry point loads its web components, which need a browser; this test needs only two enums.
vi.mock('@carbon/ai-chat', () => ({
  BusEventType: {
    HISTORY_BEGIN: 'history:begin',
    HISTORY_END: 'history:end',
    SEND: 'send',
    RECEIVE: 'receive',
    HUMAN_AGENT_PRE_SEND: 'human_agent:pre:send',
    HUMAN_AGENT_SEND: 'human_agent:send',
    HUMAN_AGENT_RECEIVE: 'human_agent:receive',
    RESTART_CONVERSATION: 'restartConversation',
  } satisfies CarbonEnum<typeof BusEventType>,
  HumanAgentMessageType: { FROM_USER: 'from_user' } satisfies CarbonEnum<typeof HumanAgentMessageType>,
}))

/** Carbon's event bus, reduced to what `recordHistory` uses: handlers by type, fired by the test. */
function fakeBus() {
  const handlers = new Map<string, EventBusHandler[]>()
  const instance: Pick<ChatInstance, 'on'> = {
    on: (input) => {
      for (const { type, handler } of Array.isArray(input) ? input : [input]) {
        handlers.set(type, [...(handlers.get(type) ?? []), handler])
      }
      return instance as ChatInstance
    },
  }
  const fire = (type: BusEventType, data?: unknown) => {
    for (const handler of handlers.get(type) ?? []) handler({ type, data } as BusEvent, instance as ChatInstance)
  }
  return { instance, fire }
}

function memoryHistory() {
  const data = new Map<string, string>()
  return new HistoryStore({
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  })
}

const toAgent = (text: string): MessageRequest => ({
  input: { text, agent_message_type: HumanAgentMessageType.FROM_USER },
})
const texts = (history: HistoryStore) => history.load().map(({ message }) => ('input' in message ? message.input.text : message.id))

describe('recordHistory', () => {
  it('keeps a message to the agent as soon as Carbon shows it, before the service desk acknowledges it', () => {
    // Carbon fires HUMAN_AGENT_SEND only after `sendMessageToAgent` resolves; a reload before that must not
    // lose a message the agent may already have read.
    const { instance, fire } = fakeBus()
    const history = memoryHistory()
    recordHistory(instance, history, () => {})
    fire(BusEventType.HUMAN_AGENT_PRE_SEND, toAgent('Question before reload'))
    expect(texts(history)).toEqual(['Question before reload'])

    fire(BusEventType.HUMAN_AGENT_SEND, toAgent('Question before reload'))
    expect(texts(history)).toEqual(['Question before reload'])
  })

  it('records no empty message for a send of files alone', () => {
    const { instance, fire } = fakeBus()
    const history = memoryHistory()
    recordHistory(instance, history, () => {})
    fire(BusEventType.HUMAN_AGENT_PRE_SEND, toAgent(''))
    expect(texts(history)).toEqual([])
  })

  it('does not record again what Carbon replays from the history, and forgets it all on restart', () => {
    const { instance, fire } = fakeBus()
    const history = memoryHistory()
    let restarts = 0
    recordHistory(instance, history, () => void restarts++)
    fire(BusEventType.SEND, { input: { text: 'hello' } })
    fire(BusEventType.RECEIVE, { id: 'r1', output: { generic: [] } })
    fire(BusEventType.HISTORY_BEGIN)
    fire(BusEventType.SEND, { input: { text: 'hello' } })
    fire(BusEventType.RECEIVE, { id: 'r1', output: { generic: [] } })
    fire(BusEventType.HISTORY_END)
    expect(texts(history)).toEqual(['hello', 'r1'])

    fire(BusEventType.RESTART_CONVERSATION)
    expect(texts(history)).toEqual([])
    expect(restarts).toBe(1)
  })
})
