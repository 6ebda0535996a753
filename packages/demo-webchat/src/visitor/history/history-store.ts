import type { HistoryItem, MessageRequest, MessageResponse } from '@carbon/ai-chat'
import type { SessionStore } from '../assistant/assistant-client.js'

export const HISTORY_KEY = 'flex-escalate-demo:history'

/** Enough for a long support chat; sessionStorage holds ~5 MB per origin and the tab shares it. */
export const MAX_HISTORY_ITEMS = 300

/**
 * What the visitor has seen in this tab, so that a reload shows the same conversation: Carbon keeps no
 * history itself. The service desk then delivers, once each, the agent messages sent after the last one it
 * delivered, so a message is neither lost nor shown twice.
 */
export class HistoryStore {
  constructor(
    private readonly store: SessionStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  load(): HistoryItem[] {
    const raw = this.store.getItem(HISTORY_KEY)
    if (!raw) return []
    try {
      const items: unknown = JSON.parse(raw)
      return Array.isArray(items) ? items.filter(isHistoryItem) : []
    } catch {
      // A corrupt entry must not keep the chat from loading.
      return []
    }
  }

  /**
   * Adds what was just shown. When the tab's storage is full (an agent's files are kept as `data:` URLs of up
   * to 1 MB in the sandbox), the oldest half goes, again until the rest fits: the newest message is the one
   * a reload must not lose. Nothing is thrown into Carbon's event handler.
   */
  add(message: MessageRequest | MessageResponse): void {
    let items = [...this.load(), { message, time: this.now().toISOString() }].slice(-MAX_HISTORY_ITEMS)
    for (;;) {
      try {
        this.store.setItem(HISTORY_KEY, JSON.stringify(items))
        return
      } catch {
        if (items.length <= 1) return
        items = items.slice(-Math.floor(items.length / 2))
      }
    }
  }

  clear(): void {
    this.store.removeItem(HISTORY_KEY)
  }
}

function isHistoryItem(value: unknown): value is HistoryItem {
  if (typeof value !== 'object' || value === null) return false
  const item = value as Partial<HistoryItem>
  return typeof item.time === 'string' && typeof item.message === 'object' && item.message !== null
}
