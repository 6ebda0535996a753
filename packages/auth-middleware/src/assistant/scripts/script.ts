/**
 * What the scripted assistant understands and says, per language: one catalog a language (`en.ts`,
 * `es.ts`, …), all of this shape, so a catalog that leaves an intent out does not compile.
 */

/** What a visitor may want, in the order the assistant tries them (asking for a person wins). */
export const INTENTS = ['agent', 'billing', 'technical', 'hours', 'shipping', 'returns'] as const
export type Intent = (typeof INTENTS)[number]

/** The intents the greeting suggests, in this order. */
export const GREETING_OPTIONS = ['hours', 'shipping', 'billing', 'technical', 'agent'] as const satisfies readonly Intent[]

/**
 * The intents that hand the visitor over, and to which topic (the Flex queue's name, the same in every
 * language: `null` is any agent). The others are answered by the assistant alone.
 */
export const ESCALATIONS: Partial<Record<Intent, string | null>> = {
  agent: null,
  billing: 'Billing',
  technical: 'Technical support',
}

export interface Script {
  /** The BCP 47 tag of the catalog's language (`es`, `pt-BR`). */
  locale: string
  /**
   * Per intent, the words and phrases that show it, matched as whole words, case and accents ignored
   * ("tecnico" matches "técnico"). Each greeting option must contain one of its intent's words.
   */
  words: Record<Intent, readonly string[]>
  /** Per intent, the assistant's answer. */
  answers: Record<Intent, string>
  /** The first message of a conversation. */
  greeting: string
  /** The title of the suggestions under the greeting. */
  optionsTitle: string
  /** The suggestions under the greeting: a click sends the label as the visitor's text. */
  options: Record<(typeof GREETING_OPTIONS)[number], string>
  /** The answer to anything not understood. */
  fallback: string
  /** `connect_to_agent`'s `agent_available.message`: the host shows it while connecting. */
  agentAvailable: string
  /** `connect_to_agent`'s `agent_unavailable.message`: the host shows it when no agent is online. */
  agentUnavailable: string
}
