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

  add(message: MessageRequest | MessageResponse): void {
    const items = [...this.load(), { message, time: this.now().toISOString() }].slice(-MAX_HISTORY_ITEMS)
    try {
      this.store.setItem(HISTORY_KEY, JSON.stringify(items))
    } catch {
      // Quota exceeded: keep the newest half rather than nothing.
      this.store.setItem(HISTORY_KEY, JSON.stringify(items.slice(-Math.floor(MAX_HISTORY_ITEMS / 2))))
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
