import { PRE_CHAT_QUESTIONS } from '../../shared/pre-chat-questions.js'
import { catalogFor } from '../locale/pick-catalog.js'

/** What a visitor reads for one question of the form (the agent's card keeps the English labels). */
export interface PreChatQuestionText {
  label: string
  hint: string
}

/** The pre-chat form's texts in one language; `questions` by key of `PRE_CHAT_QUESTIONS`. */
export interface PreChatStrings {
  title: string
  intro: string
  optional: string
  cancel: string
  submit: string
  questions: Readonly<Record<'name' | 'orderNumber', PreChatQuestionText>>
}

/**
 * The English texts, the fallback for any language without its own. The questions' English is the shared
 * questions' own label and hint (what the agent's card shows), not a second copy of it.
 */
export const PRE_CHAT_EN: PreChatStrings = {
  title: 'Before we connect you',
  intro: 'Two optional questions, so the agent can help you faster.',
  optional: '(optional)',
  cancel: 'Cancel',
  submit: 'Connect to an agent',
  questions: Object.fromEntries(PRE_CHAT_QUESTIONS.map(({ key, label, hint }) => [key, { label, hint }])) as PreChatStrings['questions'],
}

/** The form in the adapter's other languages, by BCP 47 tag (formal address, as the adapter's catalogs). */
export const PRE_CHAT_STRINGS: Readonly<Record<string, PreChatStrings>> = {
  es: {
    title: 'Antes de conectarle',
    intro: 'Dos preguntas opcionales, para que el agente pueda ayudarle más rápido.',
    optional: '(opcional)',
    cancel: 'Cancelar',
    submit: 'Hablar con un agente',
    questions: {
      name: { label: 'Nombre', hint: 'Para que el agente pueda saludarle.' },
      orderNumber: { label: 'Número de pedido', hint: 'Si su pregunta es sobre un pedido, p. ej. A-1042.' },
    },
  },
  fr: {
    title: 'Avant de vous mettre en relation',
    intro: 'Deux questions facultatives, pour que le conseiller puisse vous aider plus vite.',
    optional: '(facultatif)',
    cancel: 'Annuler',
    submit: 'Parler à un conseiller',
    questions: {
      name: { label: 'Nom', hint: 'Pour que le conseiller puisse vous saluer.' },
      orderNumber: { label: 'Numéro de commande', hint: 'Si votre question concerne une commande, p. ex. A-1042.' },
    },
  },
  de: {
    title: 'Bevor wir Sie verbinden',
    intro: 'Zwei freiwillige Fragen, damit der Mitarbeiter Ihnen schneller helfen kann.',
    optional: '(optional)',
    cancel: 'Abbrechen',
    submit: 'Mit einem Mitarbeiter verbinden',
    questions: {
      name: { label: 'Name', hint: 'Damit der Mitarbeiter Sie mit Namen begrüßen kann.' },
      orderNumber: { label: 'Bestellnummer', hint: 'Falls es um eine Bestellung geht, z. B. A-1042.' },
    },
  },
  'pt-BR': {
    title: 'Antes de conectar você',
    intro: 'Duas perguntas opcionais, para que o agente possa ajudar você mais rápido.',
    optional: '(opcional)',
    cancel: 'Cancelar',
    submit: 'Falar com um agente',
    questions: {
      name: { label: 'Nome', hint: 'Para que o agente possa cumprimentar você.' },
      orderNumber: { label: 'Número do pedido', hint: 'Se sua pergunta for sobre um pedido, por exemplo A-1042.' },
    },
  },
}

/**
 * The pre-chat form's texts in `locale`, English when the demo has none in that language.
 *
 * @example
 * preChatStringsFor('es-MX').submit // 'Hablar con un agente'
 * preChatStringsFor('ja').submit // 'Connect to an agent'
 */
export function preChatStringsFor(locale: string): PreChatStrings {
  return catalogFor(locale, PRE_CHAT_STRINGS, PRE_CHAT_EN)
}

/**
 * The text of one of `PRE_CHAT_QUESTIONS` in these strings; a question the catalog lacks keeps the shared
 * English label and hint, so a question added there shows up (in English) before it is translated.
 *
 * @example
 * questionText(preChatStringsFor('es'), { key: 'name', label: 'Name', hint: '…' }).label // 'Nombre'
 */
export function questionText(strings: PreChatStrings, question: { key: string; label: string; hint: string }): PreChatQuestionText {
  const questions: Readonly<Record<string, PreChatQuestionText | undefined>> = strings.questions
  return questions[question.key] ?? { label: question.label, hint: question.hint }
}
