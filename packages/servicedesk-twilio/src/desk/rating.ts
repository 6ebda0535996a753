import { MAX_RATING_COMMENT_LENGTH, RATING_SCALE } from '@flex-escalate/api/limits'
import { listenForCustomEvent } from '../host/custom-events.js'
import type { HostCallbacks } from '../host/host-callbacks.js'
import type { Phrasebook } from '../i18n/phrasebook.js'
import type { Logger } from '../logger.js'
import type { MiddlewareClient } from '../middleware/middleware-client.js'

/** How long each question (the rating, then the comment) waits for the visitor before the survey moves on. */
export const RATING_STEP_TIMEOUT_MS = 120_000
/** The `custom_event_name` of the survey's buttons: their clicks reach the desk as `messageItemCustom`. */
export const RATING_EVENT = 'flex-escalate:rating'

/** What a survey button carries in `user_defined`: a score, or the skip. */
type ButtonChoice = { rating: number } | { skip: true }

export interface PostChatSurveyDeps {
  host: HostCallbacks
  middleware: MiddlewareClient
  sessionToken: string
  phrasebook: Phrasebook
  logger: Logger
  /** The agent the survey asks about: its messages come from this agent, and `{agent}` is its name. */
  agent?: { id: string; nickname: string } | undefined
}

/** The text items and buttons of one survey message; hosts render both as a message from the agent. */
type SurveyItem = Record<string, unknown>

/**
 * The post-chat rating, asked inside the chat window before the host is told the chat ended (hosts ignore
 * messages after `agentEndedChat`, and `HostCallbacks.close()` silences them): 1 to 5, then an optional
 * comment (the next thing the visitor types, or Skip), then `POST /chats/rating` and thanks. `run()` resolves
 * when the survey is over: answered, skipped, timed out (`RATING_STEP_TIMEOUT_MS` per question) or cancelled.
 *
 * Answers come two ways, on every host: typed text (`answerText`: a digit rates, other text is the comment,
 * so nothing the visitor typed is lost) and, where the host renders them (v8, Carbon), `button` items with
 * `button_type: custom_event`, whose clicks the host fires as `messageItemCustom` on its instance (`option`
 * items would send the choice to the assistant, not to the desk). v7 gets the sentences alone.
 *
 * @example
 * const survey = new PostChatSurvey({ host, middleware, sessionToken, phrasebook, logger, agent })
 * await survey.run() // the visitor rated, skipped, or let it time out
 * await callbacks.agentEndedChat()
 */
export class PostChatSurvey {
  #step: 'idle' | 'rating' | 'comment' | 'done' = 'idle'
  #rating: number | undefined
  #comment: string | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #finished: Promise<void> | undefined
  #finish: (() => void) | undefined
  #unlisten: (() => void) | undefined

  constructor(private readonly deps: PostChatSurveyDeps) {}

  /** Whether the survey is waiting for the visitor: their text goes to `answerText`, not to the agent. */
  get active(): boolean {
    return this.#step === 'rating' || this.#step === 'comment'
  }

  /** Asks for the rating; resolves once the survey is over. */
  run(): Promise<void> {
    if (this.#finished !== undefined) return this.#finished
    this.#finished = new Promise<void>((resolve) => {
      this.#finish = resolve
    })
    this.#unlisten = listenForCustomEvent(this.deps.host.instance, RATING_EVENT, (data) => {
      const choice = choiceOf(data)
      if (choice) void this.#choose(choice)
    })
    this.#step = 'rating'
    const agent = this.deps.agent?.nickname ?? this.deps.phrasebook.say('agentFallbackName')
    void this.#say(this.deps.phrasebook.say('ratingPrompt', { agent }), [
      ...scoreButtons(),
      skipButton(this.deps.phrasebook.say('ratingSkip')),
    ])
    this.#wait()
    return this.#finished
  }

  /** The visitor typed `text` while the survey was asking: a score (1 to 5) rates, anything else is the comment. */
  async answerText(text: string): Promise<void> {
    if (!this.active) return
    const score = /^\s*([1-5])\s*$/.exec(text)?.[1]
    if (this.#step === 'rating' && score !== undefined) return this.#choose({ rating: Number(score) })
    this.#comment = this.#comment ? `${this.#comment}\n${text}` : text
    if (this.#step === 'comment') await this.#submit()
  }

  /**
   * The chat goes away (the visitor ended it, the page closes): a rating already chosen is still stored,
   * with whatever comment was typed; nothing more is shown.
   */
  async cancel(): Promise<void> {
    if (!this.active) return
    const rating = this.#rating
    this.#end()
    if (rating !== undefined) await this.#post(rating).catch(() => undefined)
  }

  async #choose(choice: ButtonChoice): Promise<void> {
    if ('skip' in choice) {
      if (!this.active) return
      if (this.#step === 'comment') return this.#submit()
      return this.#end()
    }
    if (this.#step !== 'rating') return
    this.#rating = choice.rating
    // A comment typed before the score: nothing left to ask.
    if (this.#comment !== undefined) return this.#submit()
    this.#step = 'comment'
    this.#wait()
    await this.#say(this.deps.phrasebook.say('ratingCommentPrompt'), [skipButton(this.deps.phrasebook.say('ratingSkip'))])
  }

  /** Stores the rating (with the comment, if any), thanks the visitor, and ends the survey. */
  async #submit(): Promise<void> {
    const rating = this.#rating
    if (!this.active || rating === undefined) return
    this.#step = 'done'
    clearTimeout(this.#timer)
    try {
      await this.#post(rating)
      await this.#say(this.deps.phrasebook.say('ratingThanks'))
    } catch (error) {
      this.deps.logger.warn('Storing the post-chat rating failed', error)
      await this.#say(this.deps.phrasebook.say('ratingFailed'))
    }
    this.#end()
  }

  #post(rating: number): Promise<void> {
    const comment = this.#comment?.trim().slice(0, MAX_RATING_COMMENT_LENGTH)
    return this.deps.middleware.rate(this.deps.sessionToken, { rating, ...(comment ? { comment } : {}) })
  }

  /** The current question waits at most `RATING_STEP_TIMEOUT_MS`: then a chosen score is stored, or nothing. */
  #wait(): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void (this.#rating === undefined ? this.#end() : this.#submit()), RATING_STEP_TIMEOUT_MS)
  }

  #end(): void {
    this.#step = 'done'
    clearTimeout(this.#timer)
    this.#unlisten?.()
    this.#unlisten = undefined
    this.#finish?.()
  }

  /** One message from the agent: the sentence, and the buttons where the host renders them (not v7). */
  #say(text: string, buttons: SurveyItem[] = []): Promise<void> {
    const { host, agent } = this.deps
    const items: SurveyItem[] = [{ response_type: 'text', text }, ...(host.isV7 ? [] : buttons)]
    const message = { output: { generic: items as Array<{ response_type: string; text?: string }> } }
    return host.call('sendMessageToUser', (cb) => (agent ? cb.sendMessageToUser(message, agent.id) : cb.sendMessageToUser(message)))
  }
}

function scoreButtons(): SurveyItem[] {
  const scores = Array.from({ length: RATING_SCALE.max - RATING_SCALE.min + 1 }, (_, i) => RATING_SCALE.min + i)
  return scores.map((rating) => button(String(rating), { rating }))
}

function skipButton(label: string): SurveyItem {
  return button(label, { skip: true })
}

function button(label: string, choice: ButtonChoice): SurveyItem {
  return {
    response_type: 'button',
    button_type: 'custom_event',
    kind: 'secondary',
    label,
    custom_event_name: RATING_EVENT,
    user_defined: choice,
  }
}

/** The survey choice a survey button's `user_defined` carries, if it is a valid one. */
function choiceOf(userDefined: unknown): ButtonChoice | undefined {
  const data = userDefined as { rating?: unknown; skip?: unknown } | undefined
  if (data?.skip === true) return { skip: true }
  const rating = data?.rating
  return typeof rating === 'number' && Number.isInteger(rating) && rating >= RATING_SCALE.min && rating <= RATING_SCALE.max
    ? { rating }
    : undefined
}
