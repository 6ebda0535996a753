/**
 * What the agent reads in the chat when the visitor leaves the page or comes back. Plain sentences, the
 * same on every Flex: they are chat messages (Conversations, Programmable Chat, or the sandbox's).
 *
 * @example
 * leftNotice(300) // 'The visitor left the page. The chat ends in 5 minutes unless they come back.'
 */
export function leftNotice(idleEndSeconds: number): string {
  if (idleEndSeconds === 0) return 'The visitor left the page. The chat ends now.'
  return `The visitor left the page. The chat ends in ${spokenDuration(idleEndSeconds)} unless they come back.`
}

export const BACK_NOTICE = 'The visitor is back.'

/** "45 seconds", "1 minute", "5 minutes", "2 hours": to the minute above two minutes. */
export function spokenDuration(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (seconds < 120) return plural(seconds, 'second')
  const minutes = Math.round(seconds / 60)
  if (minutes < 120 || minutes % 60 !== 0) return plural(minutes, 'minute')
  return plural(minutes / 60, 'hour')
}
