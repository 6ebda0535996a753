import type { ChatMessage } from '../transports/chat-transport.js'

// Same literals as TRANSCRIPT_AUTHOR / TRANSCRIPT_KIND in
// packages/auth-middleware/src/flex/twilio/conversations-chat.ts, duplicated so that no middleware code
// reaches the browser bundle (a test checks they stay equal).
export const TRANSCRIPT_AUTHOR = 'virtual-assistant'
export const TRANSCRIPT_KIND = 'assistant-transcript'

/**
 * The assistant's summary the middleware posts for the agent: never shown to the visitor.
 *
 * @example
 * isTranscript({ index: 0, author: 'virtual-assistant', body: '…', attributes: { kind: 'assistant-transcript' } }) // true
 */
export function isTranscript(message: ChatMessage): boolean {
  return message.attributes.kind === TRANSCRIPT_KIND || message.author === TRANSCRIPT_AUTHOR
}
