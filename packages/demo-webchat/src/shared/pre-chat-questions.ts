import { AUTH_LIMITS } from '@flex-escalate/api/limits'

/** One question of the demo's pre-chat form: its key in `preStartChatPayload` (and the task's `preChat`). */
export interface PreChatQuestion {
  key: string
  /** The label the visitor reads above the field, and the agent beside the answer. */
  label: string
  autoComplete: string
  /** Shown under the field; ties an example to the field through `aria-describedby`. */
  hint: string
}

/**
 * The two questions the demo asks before connecting to an agent, written once for the visitor's form and
 * the agent's hand-over card. Both are optional: a visitor who answers neither still reaches an agent.
 */
export const PRE_CHAT_QUESTIONS: readonly PreChatQuestion[] = [
  { key: 'name', label: 'Name', autoComplete: 'name', hint: 'So the agent can greet you.' },
  { key: 'orderNumber', label: 'Order number', autoComplete: 'off', hint: 'If your question is about an order, e.g. A-1042.' },
]

/** The longest answer `/auth` keeps (longer ones are cut there); the form stops the visitor at it. */
export const PRE_CHAT_MAX_LENGTH = AUTH_LIMITS.preChatValue

/**
 * The payload for Carbon's `preStartChatPayload` from the form's fields: the demo's questions only, trimmed,
 * blank answers left out (the adapter drops them anyway; leaving them out keeps the task attribute clean).
 *
 * @example
 * preChatPayload({ name: ' Ada ', orderNumber: '' }) // { name: 'Ada' }
 */
export function preChatPayload(values: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const entries = PRE_CHAT_QUESTIONS.map(({ key }) => [key, (values[key] ?? '').trim().slice(0, PRE_CHAT_MAX_LENGTH)] as const)
  return Object.fromEntries(entries.filter(([, answer]) => answer !== ''))
}

/**
 * The answers as the agent reads them, the demo's questions first in their order under their labels, then
 * any other key the page sent (a workflow or another page may add some) under the key itself.
 *
 * @example
 * preChatLines({ orderNumber: 'A-1042', name: 'Ada' }) // [{ label: 'Name', answer: 'Ada' }, { label: 'Order number', answer: 'A-1042' }]
 */
export function preChatLines(preChat: Readonly<Record<string, string>> | undefined): { key: string; label: string; answer: string }[] {
  if (!preChat) return []
  const known = PRE_CHAT_QUESTIONS.filter(({ key }) => preChat[key] !== undefined).map(({ key, label }) => ({
    key,
    label,
    answer: preChat[key] ?? '',
  }))
  const others = Object.entries(preChat)
    .filter(([key]) => !PRE_CHAT_QUESTIONS.some((question) => question.key === key))
    .map(([key, answer]) => ({ key, label: key, answer }))
  return [...known, ...others]
}
