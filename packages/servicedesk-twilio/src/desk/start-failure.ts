import type { HostCallbacks } from '../host/host-callbacks.js'
import type { Phrasebook } from '../i18n/phrasebook.js'
import type { Logger } from '../logger.js'
import { visitorSentence } from '../middleware/middleware-error.js'

/**
 * How a chat that could not start reaches the visitor, whatever failed (the middleware, a chunk that would not
 * load, the transport): a connecting error with a sentence they can act on, then a rejection with the same
 * sentence, which hosts show as well. One function, because the desk (its chat engine did not load) and the
 * engine (everything after) must say it the same way.
 *
 * @example
 * catch (error) { await startFailed(host, logger, phrasebook, error) } // always rejects
 */
export async function startFailed(
  host: HostCallbacks,
  logger: Logger,
  phrasebook: Phrasebook,
  error: unknown,
  known?: string,
): Promise<never> {
  logger.error('Starting the chat failed', error)
  // `known`: a sentence the caller already has for this failure (the closed queue's next opening).
  const sentence = known ?? visitorSentence(error, phrasebook)
  await host.setConnectingError(sentence, error)
  throw new Error(sentence, { cause: error })
}
