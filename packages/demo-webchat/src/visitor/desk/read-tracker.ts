import { BusEventType, type ChatInstance } from '@carbon/ai-chat'

/** The part of the service desk this needs. */
export interface ReadableDesk {
  userReadMessages(): Promise<void>
}

/** Coalesces a burst of agent messages into one read. */
const DEBOUNCE_MS = 250

/**
 * Reports to the desk that the visitor has read the agent's messages. `@carbon/ai-chat` 1.9.1 defines
 * `userReadMessages` in its service-desk plumbing but never calls it, so without this the agent would never
 * get a read receipt. "Read" means: the chat window is open and the tab is visible when a message arrives, or
 * when the visitor comes back to the tab or opens the window.
 */
export function trackReads(instance: ChatInstance, desk: () => ReadableDesk | undefined, doc: Document = document): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const markRead = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (doc.visibilityState !== 'visible' || !instance.getState().viewState.mainWindow) return
      void desk()?.userReadMessages()
    }, DEBOUNCE_MS)
  }
  const handlers = [
    { type: BusEventType.HUMAN_AGENT_RECEIVE, handler: markRead },
    { type: BusEventType.VIEW_CHANGE, handler: markRead },
  ]
  instance.on(handlers)
  doc.addEventListener('visibilitychange', markRead)
  return () => {
    clearTimeout(timer)
    instance.off(handlers)
    doc.removeEventListener('visibilitychange', markRead)
  }
}
