/**
 * Why a chat ended when it was nobody's doing in the chat: Flex gave it up. The sandbox says it in its
 * `chatEnded` event; on Twilio the middleware writes it into the conversation's (or legacy channel's)
 * attributes as it closes the chat, so every client reads the reason with the end itself.
 * Kept apart from the schemas so a browser bundle can import these strings without TypeBox.
 */

/** The chat attribute that carries an {@link EndReason}. */
export const END_REASON_ATTRIBUTE = 'endReason'

/**
 * `no-agent`: no agent accepted the chat before Flex stopped trying (TaskRouter canceled the task, its
 * workflow timed out, or routing failed after the Interaction was accepted).
 */
export const END_REASONS = ['no-agent'] as const
export type EndReason = (typeof END_REASONS)[number]

/**
 * The end reason recorded in a chat's attributes, or undefined when there is none (or an unknown one).
 *
 * @example
 * endReasonOf({ status: 'INACTIVE', endReason: 'no-agent' }) // 'no-agent'
 * endReasonOf({ status: 'INACTIVE' }) // undefined
 */
export function endReasonOf(attributes: unknown): EndReason | undefined {
  if (typeof attributes !== 'object' || attributes === null) return undefined
  const value = (attributes as Record<string, unknown>)[END_REASON_ATTRIBUTE]
  return END_REASONS.find((reason) => reason === value)
}
