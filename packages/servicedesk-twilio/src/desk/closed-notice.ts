import { findConnectItem } from '../host/connect-message.js'
import type { HostMessageResponse } from '../host/host-types.js'
import { closedSentence } from '../i18n/opening-time.js'
import type { Phrasebook } from '../i18n/phrasebook.js'
import { MiddlewareError } from '../middleware/middleware-error.js'

/**
 * Outside opening hours `areAnyAgentsOnline` answers `false`, and every host (Carbon, web chat v7 and v8) then
 * shows the `connect_to_agent` item's `agent_unavailable.message` in place of the connect card. So the item is
 * given the closed sentence as that message: the visitor reads when the queue opens rather than the generic
 * "no agents" text (the assistant's own, or the host's default). A host that froze the message keeps its text.
 *
 * @example
 * showClosedOnCard(connectMessage, "We're closed now. We open Monday at 09:00 (CET).")
 */
export function showClosedOnCard(connectMessage: HostMessageResponse, sentence: string): void {
  const item = findConnectItem(connectMessage)
  if (!item || Object.isFrozen(item)) return
  Object.assign(item, { agent_unavailable: { message: sentence } })
}

/**
 * The closed sentence for a failure to start a chat, when the middleware refused `/auth` because the queue is
 * closed; undefined for any other failure (its own sentence applies).
 *
 * @example
 * closedSentenceOf(new MiddlewareError(503, 'closed', '', undefined, closed), ENGLISH, new Date()) // "We're closed now. ..."
 */
export function closedSentenceOf(error: unknown, phrasebook: Phrasebook, now: Date): string | undefined {
  if (!(error instanceof MiddlewareError) || !error.closed) return undefined
  return closedSentence(phrasebook, error.closed, now)
}

/**
 * Carbon (and web chat) freeze a message once it is received, before `areAnyAgentsOnline` is asked: the card can
 * only be given the closed sentence earlier, in the host's `pre:receive` event, which may change the message and
 * is awaited. So on a message with a `connect_to_agent` item, `closedSentenceFor` asks the middleware (the desk
 * shares that answer with its `areAnyAgentsOnline`), and a closed queue's sentence goes on the card. A host
 * instance without `on` (tests, older hosts) is left alone: `areAnyAgentsOnline` writes the card itself there.
 *
 * @example
 * rewriteClosedCards(parameters.instance, (message) => desk.closedSentenceFor(message))
 */
export function rewriteClosedCards(
  instance: unknown,
  closedSentenceFor: (message: HostMessageResponse) => Promise<string | undefined>,
): void {
  const on = (instance as { on?: unknown } | null | undefined)?.on
  if (typeof on !== 'function') return
  on.call(instance, {
    type: 'pre:receive',
    handler: async (event: { data?: HostMessageResponse } | undefined) => {
      const message = event?.data
      if (!message || !findConnectItem(message)) return
      const sentence = await closedSentenceFor(message).catch(() => undefined)
      if (sentence) showClosedOnCard(message, sentence)
    },
  })
}
