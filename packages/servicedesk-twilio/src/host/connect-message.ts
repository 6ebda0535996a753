import { AUTH_LIMITS } from '@flex-escalate/api/limits'
import type { HostMessageResponse } from './host-types.js'

/** The fields of a `connect_to_agent` item the adapter reads. */
interface ConnectToAgentItem {
  response_type: 'connect_to_agent'
  topic?: unknown
  message_to_human_agent?: unknown
  transfer_info?: {
    summary_message_to_agent?: unknown
    session_history_key?: unknown
    additional_data?: unknown
  }
}

function isConnectItem(item: unknown): item is ConnectToAgentItem {
  return typeof item === 'object' && item !== null && (item as { response_type?: unknown }).response_type === 'connect_to_agent'
}

/**
 * The `connect_to_agent` item of a message response, wherever it is in `output.generic`.
 *
 * @example
 * findConnectItem({ output: { generic: [{ response_type: 'text' }, { response_type: 'connect_to_agent' }] } })
 */
export function findConnectItem(message: HostMessageResponse | undefined): ConnectToAgentItem | undefined {
  return message?.output?.generic?.find(isConnectItem)
}

/** A string option of the item, trimmed and cut to `max` characters; `undefined` when not a string or empty. */
export function itemText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed.slice(0, max)
}

/** The topic of the connect message, as `/agents/availability` expects it. */
export function topicOf(message: HostMessageResponse | undefined): string | undefined {
  return itemText(findConnectItem(message)?.topic, AUTH_LIMITS.topic)
}
