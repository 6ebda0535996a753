import { MAX_MESSAGE_BODY_BYTES, MAX_MESSAGE_BODY_LENGTH } from '@flex-escalate/api/limits'

const count = (n: number) => n.toLocaleString('en-US')

/**
 * Why the agent's message cannot be sent as it is, in the agent's words; undefined when it fits. Both of
 * Flex's limits: characters, and the UTF-8 bytes Twilio's 32 KB counts (text outside ASCII reaches it first).
 *
 * @example
 * messageLengthProblem('x'.repeat(40_000)) // 'Your message is too long: 40,000 characters, the limit is 32,000. Please shorten it.'
 */
export function messageLengthProblem(body: string): string | undefined {
  const characters = Array.from(body).length
  if (characters > MAX_MESSAGE_BODY_LENGTH) {
    return `Your message is too long: ${count(characters)} characters, the limit is ${count(MAX_MESSAGE_BODY_LENGTH)}. Please shorten it.`
  }
  const bytes = new TextEncoder().encode(body).length
  if (bytes > MAX_MESSAGE_BODY_BYTES) {
    return `Your message is too long: ${count(bytes)} bytes of text, the limit is ${count(MAX_MESSAGE_BODY_BYTES)} bytes. Please shorten it.`
  }
  return undefined
}
