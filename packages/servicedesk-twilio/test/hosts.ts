/**
 * Callback objects shaped like each host's: watsonx Assistant web chat v7 (synchronous, no persistence,
 * no USER_MESSAGE), v8 (promises, persistence, `endedByAgent`) and `@carbon/ai-chat` (typed with Carbon's own
 * `ServiceDeskCallback`). Each records the calls it receives.
 */
import type { ChatInstance, ScreenShareState, ServiceDeskCallback } from '@carbon/ai-chat'
import type { HostCallback, HostEndChatInfo } from '../src/index.js'

/** The part of a desk Carbon's instance calls back into. */
export interface EndableDesk {
  endChat(info: HostEndChatInfo): Promise<void>
}

export interface RecordedCall {
  name: string
  args: unknown[]
}

export interface TestHost {
  kind: 'v7' | 'v8' | 'carbon'
  callback: HostCallback
  calls: RecordedCall[]
  /** What `updatePersistedState` stored (v8, Carbon). */
  stored(): unknown
  /** Arguments of every call to `name`. */
  argsOf(name: string): unknown[][]
  names(): string[]
  /** The end info this host passes when the agent ended the chat. */
  endedByAgentInfo: HostEndChatInfo | undefined
  /** What the host passes the factory as `instance` (Carbon: its `serviceDesk` actions). */
  instance?: unknown
  /** The desk the instance's `serviceDesk.endConversation()` ends, as Carbon's does (`buildDesk` sets it). */
  attach?(desk: EndableDesk): void
  /**
   * The visitor clicks a `button` item with `button_type: custom_event` of a message the desk sent: the host
   * fires `messageItemCustom` on its instance (v8, Carbon). v7 renders no such button: undefined.
   */
  clickButton?(item: unknown): void
}

/** An instance's `on`/`off` for `messageItemCustom`, as v8 and Carbon have them, and the click that fires it. */
function customEventBus() {
  const handlers = new Set<{ type: string; handler: (event: unknown) => unknown }>()
  const list = (given: unknown) => (Array.isArray(given) ? given : [given]) as { type: string; handler: (event: unknown) => unknown }[]
  return {
    on: (given: unknown) => {
      for (const handler of list(given)) handlers.add(handler)
    },
    off: (given: unknown) => {
      for (const handler of list(given)) handlers.delete(handler)
    },
    click: (item: unknown) => {
      for (const { type, handler } of [...handlers])
        if (type === 'messageItemCustom') void handler({ type, messageItem: item, fullMessage: {} })
    },
  }
}

function recorder(kind: TestHost['kind']) {
  const calls: RecordedCall[] = []
  let stored: unknown
  const record =
    (name: string, result?: unknown) =>
    (...args: unknown[]) => {
      calls.push({ name, args })
      return result
    }
  const common = {
    calls,
    stored: () => stored,
    argsOf: (name: string) => calls.filter((call) => call.name === name).map((call) => call.args),
    names: () => calls.map((call) => call.name),
  }
  const store = (state: unknown) => {
    calls.push({ name: 'updatePersistedState', args: [state] })
    stored = state
  }
  return { kind, record, common, store, read: () => stored }
}

const CALLBACKS = [
  'agentJoined',
  'agentLeftChat',
  'agentEndedChat',
  'agentTyping',
  'agentReadMessages',
  'sendMessageToUser',
  'beginTransferToAnotherAgent',
  'setErrorStatus',
  'updateAgentAvailability',
  'setFileUploadStatus',
] as const

/** web chat v7: callbacks return nothing; no persistence. */
export function v7Host(): TestHost {
  const { record, common } = recorder('v7')
  const callback = Object.fromEntries([...CALLBACKS, 'updateCapabilities'].map((name) => [name, record(name)]))
  return { kind: 'v7', callback: callback as unknown as HostCallback, ...common, endedByAgentInfo: undefined }
}

/** web chat v8: promises, persistence, `endedByAgent`. */
export function v8Host(persisted?: unknown): TestHost {
  const { record, common, store, read } = recorder('v8')
  if (persisted !== undefined) store(persisted)
  const callback = {
    ...Object.fromEntries([...CALLBACKS, 'updateCapabilities'].map((name) => [name, record(name, Promise.resolve())])),
    updatePersistedState: store,
    persistedState: read,
  }
  const bus = customEventBus()
  return {
    kind: 'v8',
    callback: callback as unknown as HostCallback,
    ...common,
    endedByAgentInfo: { endedByAgent: true },
    instance: { on: bus.on, off: bus.off },
    clickButton: bus.click,
  }
}

/** @carbon/ai-chat 1.x, typed with the types the package exports. */
export function carbonHost(persisted?: unknown): TestHost {
  const { record, common, store, read } = recorder('carbon')
  if (persisted !== undefined) store(persisted)
  const done = () => Promise.resolve()
  /** Records the call and resolves, as Carbon's callbacks return promises. */
  const resolving =
    <A extends unknown[]>(name: string) =>
    (...args: A): Promise<void> => {
      record(name)(...args)
      return done()
    }
  const callback: ServiceDeskCallback = {
    updateCapabilities: record('updateCapabilities') as ServiceDeskCallback['updateCapabilities'],
    updateAgentAvailability: resolving('updateAgentAvailability'),
    agentJoined: resolving('agentJoined'),
    agentReadMessages: resolving('agentReadMessages'),
    agentTyping: resolving('agentTyping'),
    sendMessageToUser: resolving('sendMessageToUser'),
    beginTransferToAnotherAgent: resolving('beginTransferToAnotherAgent'),
    agentLeftChat: resolving('agentLeftChat'),
    agentEndedChat: resolving('agentEndedChat'),
    setErrorStatus: resolving('setErrorStatus'),
    setFileUploadStatus: resolving('setFileUploadStatus'),
    screenShareRequest: () => Promise.resolve('declined' as ScreenShareState),
    screenShareEnded: done,
    persistedState: read,
    updatePersistedState: (state) => store(state),
  }
  // Carbon's callback must be accepted where the adapter expects a host callback.
  const asHost: HostCallback = callback
  // Carbon's `instance.serviceDesk`, typed with its own types: `endConversation` ends the chat on screen and
  // calls the desk's `endChat` as a visitor's end would (HumanAgentServiceImpl.endChat → doEndChat).
  let desk: EndableDesk | undefined
  const bus = customEventBus()
  const instance: Pick<ChatInstance, 'serviceDesk' | 'on' | 'off'> = {
    on: (handlers) => {
      bus.on(handlers)
      return instance as ChatInstance
    },
    off: (handlers) => {
      bus.off(handlers)
      return instance as ChatInstance
    },
    serviceDesk: {
      endConversation: async () => {
        record('endConversation')()
        await desk?.endChat({ endedByHumanAgent: false, preEndChatPayload: null })
      },
      updateIsSuspended: resolving('updateIsSuspended'),
    },
  }
  return {
    kind: 'carbon',
    callback: asHost,
    ...common,
    endedByAgentInfo: { endedByHumanAgent: true, preEndChatPayload: undefined },
    instance,
    attach: (attached) => {
      desk = attached
    },
    clickButton: bus.click,
  }
}

export const hostKinds = [
  ['v7', v7Host],
  ['v8', v8Host],
  ['carbon', carbonHost],
] as const
