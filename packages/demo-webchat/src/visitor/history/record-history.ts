import {
  type BusEvent,
  type BusEventHumanAgentPreSend,
  type BusEventHumanAgentReceive,
  type BusEventReceive,
  type BusEventSend,
  BusEventType,
  type ChatInstance,
} from '@carbon/ai-chat'
import type { HistoryStore } from './history-store.js'

/**
 * Records every message the visitor sees (to and from the assistant, to and from the agent) into the store.
 * Call from `onBeforeRender`, before Carbon loads the history, so nothing is missed.
 */
export function recordHistory(instance: Pick<ChatInstance, 'on'>, history: HistoryStore, onRestart: () => void): void {
  // Messages Carbon replays from `customLoadHistory` are already stored.
  let loadingHistory = false
  // Carbon types every handler with the base `BusEvent`; the type it was registered for says which one it is.
  // Handlers return nothing: Carbon warns about a handler that returns a value other than a promise.
  const on = <T extends BusEvent>(type: BusEventType, handler: (event: T) => void): void => {
    instance.on({
      type,
      handler: (event: BusEvent) => {
        handler(event as T)
      },
    })
  }

  on(BusEventType.HISTORY_BEGIN, () => {
    loadingHistory = true
  })
  on(BusEventType.HISTORY_END, () => {
    loadingHistory = false
  })
  on<BusEventSend>(BusEventType.SEND, (event) => {
    // The welcome request has no text and is never shown; its answer is.
    if (loadingHistory || event.data.history?.is_welcome_request || event.data.history?.silent) return
    history.add(event.data)
  })
  on<BusEventReceive>(BusEventType.RECEIVE, (event) => {
    if (!loadingHistory) history.add(event.data)
  })
  // Recorded when Carbon shows it, not on HUMAN_AGENT_SEND: Carbon fires that only once the service desk's
  // `sendMessageToAgent` has resolved, and the agent may read the message before that acknowledgement
  // reaches the visitor. A reload in between lost the visitor's own message though the agent had it (the
  // reload e2e caught it).
  // A send of files alone has no text, and Carbon shows no text bubble for it: nor does the history.
  on<BusEventHumanAgentPreSend>(BusEventType.HUMAN_AGENT_PRE_SEND, (event) => {
    if (event.data.input.text) history.add(event.data)
  })
  on<BusEventHumanAgentReceive>(BusEventType.HUMAN_AGENT_RECEIVE, (event) => history.add(event.data))
  on(BusEventType.RESTART_CONVERSATION, () => {
    history.clear()
    onRestart()
  })
}
