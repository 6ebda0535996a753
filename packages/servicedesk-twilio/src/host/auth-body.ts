import type { AuthRequestBody } from '@flex-escalate/api'
import { ADDITIONAL_DATA_KEY_PATTERN, AUTH_LIMITS } from '@flex-escalate/api/limits'
import { visitorLocale } from '../i18n/visitor-locale.js'
import { findConnectItem, itemText } from './connect-message.js'
import type { HostMessageResponse, HostStartChatOptions } from './host-types.js'

// Only `startChat` builds this body, so it lives apart from `topicOf` (which `areAnyAgentsOnline` needs
// before any chat): the chat engine's chunk carries it, not the page's initial chunk.

// The limits `POST /auth`'s schema is built from: trimming to them keeps a long assistant summary from
// turning the escalation into a 400.
const ADDITIONAL_DATA_KEY = new RegExp(ADDITIONAL_DATA_KEY_PATTERN)

/** Carbon types the summary as `TextItem[]`; watsonx Assistant's API can send one string: accept both. */
function summaryTexts(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split('\n') : value
  if (!Array.isArray(items)) return undefined
  const texts = items
    .map((item: unknown) => itemText(typeof item === 'string' ? item : (item as { text?: unknown } | null)?.text, AUTH_LIMITS.summaryItem))
    .filter((item): item is string => item !== undefined)
    .slice(0, AUTH_LIMITS.summaryItems)
  return texts.length > 0 ? texts : undefined
}

function additionalData(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const entries = Object.entries(value)
    .filter((entry): entry is [string, string] => ADDITIONAL_DATA_KEY.test(entry[0]) && typeof entry[1] === 'string')
    .slice(0, AUTH_LIMITS.additionalDataEntries)
    .map(([key, val]) => [key, val.slice(0, AUTH_LIMITS.additionalDataValue)] as const)
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

/**
 * The visitor's pre-chat answers: Carbon's (and web chat v8's) `startChatOptions.preStartChatPayload`, set by
 * the page's `human_agent:pre:startChat` handler, as question key to answer. Only what `/auth` takes is kept
 * (numbers as text, blank answers and other values dropped, trimmed to the limits), so a page that puts
 * more there still escalates instead of getting a 400.
 */
function preChatAnswers(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const entries = Object.entries(value)
    .map(([key, answer]): [string, unknown] => [key, typeof answer === 'number' && Number.isFinite(answer) ? String(answer) : answer])
    .filter(
      (entry): entry is [string, string] => ADDITIONAL_DATA_KEY.test(entry[0]) && typeof entry[1] === 'string' && entry[1].trim() !== '',
    )
    .slice(0, AUTH_LIMITS.preChatEntries)
    .map(([key, answer]) => [key, answer.trim().slice(0, AUTH_LIMITS.preChatValue)] as const)
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

/**
 * The `/auth` body for a connect message: topic, message for the agent, the assistant's summary, the
 * session-history key (`transfer_info.session_history_key`, or v8's `options.agentAppInfo.sessionHistoryKey`)
 * `additional_data`, the pre-chat answers (`preStartChatPayload`) and the visitor's locale (the resolved
 * `locale` option, else the browser's), trimmed to the middleware's limits.
 *
 * @example
 * authBodyFor(connectMessage, { agentAppInfo: { sessionHistoryKey: 'k' } }).sessionHistoryKey // 'k'
 */
export function authBodyFor(
  message: HostMessageResponse | undefined,
  options?: HostStartChatOptions,
  locale: string | undefined = visitorLocale(undefined),
): AuthRequestBody {
  const item = findConnectItem(message)
  const transfer = item?.transfer_info
  const body: AuthRequestBody = {
    topic: itemText(item?.topic, AUTH_LIMITS.topic),
    messageToHumanAgent: itemText(item?.message_to_human_agent, AUTH_LIMITS.messageToHumanAgent),
    summary: summaryTexts(transfer?.summary_message_to_agent),
    sessionHistoryKey:
      itemText(transfer?.session_history_key, AUTH_LIMITS.sessionHistoryKey) ??
      itemText(options?.agentAppInfo?.sessionHistoryKey, AUTH_LIMITS.sessionHistoryKey),
    additionalData: additionalData(transfer?.additional_data),
    locale,
    preChat: preChatAnswers(options?.preStartChatPayload),
  }
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as AuthRequestBody
}
