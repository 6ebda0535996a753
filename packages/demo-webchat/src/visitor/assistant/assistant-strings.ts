import { catalogFor } from '../locale/pick-catalog.js'

/** The page's own words beside the assistant's answers, in one language. */
export interface AssistantStrings {
  /** Shown as the assistant's answer when it cannot be reached; the technical reason follows it. */
  unavailable: string
}

/** English, the fallback for any language without its own. */
export const ASSISTANT_EN: AssistantStrings = { unavailable: 'Sorry, the assistant is unavailable right now.' }

/** In the adapter's other languages, by BCP 47 tag. */
export const ASSISTANT_STRINGS: Readonly<Record<string, AssistantStrings>> = {
  es: { unavailable: 'Lo sentimos, el asistente no está disponible en este momento.' },
  fr: { unavailable: 'Désolé, l’assistant n’est pas disponible pour le moment.' },
  de: { unavailable: 'Der Assistent ist gerade leider nicht erreichbar.' },
  'pt-BR': { unavailable: 'Desculpe, o assistente não está disponível no momento.' },
}

/**
 * The page's assistant texts in `locale`, English when the demo has none in that language.
 *
 * @example
 * assistantStringsFor('es-ES').unavailable // 'Lo sentimos, el asistente no está disponible en este momento.'
 */
export function assistantStringsFor(locale: string): AssistantStrings {
  return catalogFor(locale, ASSISTANT_STRINGS, ASSISTANT_EN)
}
