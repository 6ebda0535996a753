// The contract's own constants: `@flex-escalate/api/transcript` is two strings, no TypeBox, so the browser
// bundle stays small while the middleware and this filter can never disagree.
import { TRANSCRIPT_AUTHOR, TRANSCRIPT_KIND } from '@flex-escalate/api/transcript'
import type { ChatMessage } from '../transports/chat-transport.js'

/**
 * The assistant's summary the middleware posts for the agent: never shown to the visitor.
 *
 * @example
 * isTranscript({ index: 0, author: 'virtual-assistant', body: '…', attributes: { kind: 'assistant-transcript' } }) // true
 */
export function isTranscript(message: ChatMessage): boolean {
  return message.attributes.kind === TRANSCRIPT_KIND || message.author === TRANSCRIPT_AUTHOR
}
