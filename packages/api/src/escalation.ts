/**
 * What every Flex the middleware opens a chat on (Twilio's two APIs and the local sandbox) is told about
 * the visitor, written once: the visitor's display name when they gave none, the task attributes an agent
 * reads (Flex UI: `name`, `channelType`; the sandbox console: `summary`, `messageToHumanAgent`), and the
 * first message of the chat. Dependency-free, like `./transcript`, so any package can import it cheaply.
 */

/** The name agents see for a visitor who gave none. */
export const DEFAULT_VISITOR_NAME = 'Website visitor'

/** What the visitor and the assistant tell the agent when a chat is escalated. */
export interface EscalationFacts {
  visitorName?: string | undefined
  topic?: string | undefined
  messageToHumanAgent?: string | undefined
  summary?: string[] | undefined
  sessionHistoryKey?: string | undefined
  additionalData?: Record<string, string> | undefined
  locale?: string | undefined
  /** The visitor's answers to the pre-chat form, question key to answer. */
  preChat?: Record<string, string> | undefined
}

/**
 * The name agents see for the visitor.
 *
 * @example
 * visitorDisplayName({}) // 'Website visitor'
 */
export function visitorDisplayName(escalation: EscalationFacts): string {
  return escalation.visitorName ?? DEFAULT_VISITOR_NAME
}

/**
 * The visitor's language for routing: the primary subtag of their BCP 47 locale, lower case, as a
 * TaskRouter expression compares it (`language == "es"`); undefined without a locale.
 *
 * @example
 * languageOf('pt-BR') // 'pt'
 * languageOf(undefined) // undefined
 */
export function languageOf(locale: string | undefined): string | undefined {
  const primary = locale?.split(/[-_]/)[0]?.toLowerCase()
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined
}

/**
 * Which of `tags` serves a visitor's locale: the same tag in any case (`PT-br` is `pt-BR`), else the first of
 * the same language (`es-MX` is `es`, `pt-PT` is `pt-BR`); undefined when none speaks it. One rule for the
 * adapter's sentences, the demo page's texts and the scripted assistant, so they never pick different languages.
 *
 * @example
 * bestLocaleMatch('es-MX', ['en', 'es', 'pt-BR']) // 'es'
 * bestLocaleMatch('ja', ['en', 'es']) // undefined
 */
export function bestLocaleMatch(locale: string | undefined, tags: readonly string[]): string | undefined {
  if (locale === undefined) return undefined
  const language = languageOf(locale)
  return (
    tags.find((tag) => tag.toLowerCase() === locale.toLowerCase()) ??
    (language ? tags.find((tag) => languageOf(tag) === language) : undefined)
  )
}

/**
 * The TaskRouter task attributes both Flex APIs carry, so the agent sees why the visitor is here:
 * topic, the assistant's summary, the key to the assistant's session history, the visitor's `locale`
 * and `language`, and their pre-chat answers (`preChat`).
 * Flex UI reads `name` for the customer's display name and `channelType` for the icon.
 *
 * @example
 * taskAttributes({ topic: 'billing' }) // { name: 'Website visitor', channelType: 'web', topic: 'billing' }
 */
export function taskAttributes(escalation: EscalationFacts, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: visitorDisplayName(escalation),
    channelType: 'web',
    ...(escalation.topic ? { topic: escalation.topic } : {}),
    ...(escalation.messageToHumanAgent ? { messageToHumanAgent: escalation.messageToHumanAgent } : {}),
    ...(escalation.summary?.length ? { summary: escalation.summary } : {}),
    ...(escalation.sessionHistoryKey ? { sessionHistoryKey: escalation.sessionHistoryKey } : {}),
    ...(escalation.locale ? { locale: escalation.locale } : {}),
    // What a workflow routes on: `language == "es"` (README, "Routing by language").
    ...(languageOf(escalation.locale) ? { language: languageOf(escalation.locale) } : {}),
    ...(escalation.additionalData ? { additionalData: escalation.additionalData } : {}),
    ...(escalation.preChat && Object.keys(escalation.preChat).length > 0 ? { preChat: escalation.preChat } : {}),
    ...extra,
  }
}

/**
 * The first message the agent reads (in Twilio and in the sandbox): what the visitor asked for and the
 * assistant's summary; undefined when there is nothing to say.
 *
 * @example
 * transcriptText({ topic: 'billing', summary: ['Visitor: charged twice'] }) // 'Topic: billing\nVisitor: charged twice'
 */
export function transcriptText(escalation: EscalationFacts): string | undefined {
  const lines = [
    escalation.topic ? `Topic: ${escalation.topic}` : undefined,
    escalation.messageToHumanAgent,
    ...(escalation.summary ?? []),
  ].filter((line): line is string => Boolean(line?.trim()))
  return lines.length > 0 ? lines.join('\n') : undefined
}

/** A visitor's post-chat rating (the body of `POST /chats/rating`, schemas.ts `RatingBody`). */
export interface ChatRating {
  /** 1 (poor) to 5 (excellent). */
  rating: number
  comment?: string | undefined
}

/**
 * The task attributes a post-chat rating sets, on Twilio's TaskRouter task and the sandbox's alike: `rating`
 * (a number) and, when the visitor wrote one, `ratingComment`. Merged into the task's attributes.
 *
 * @example
 * ratingAttributes({ rating: 4, comment: 'Quick' }) // { rating: 4, ratingComment: 'Quick' }
 */
export function ratingAttributes(rating: ChatRating): Record<string, unknown> {
  const comment = rating.comment?.trim()
  return { rating: rating.rating, ...(comment ? { ratingComment: comment } : {}) }
}
