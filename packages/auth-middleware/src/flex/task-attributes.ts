import type { Escalation } from './gateway.js'

/**
 * The TaskRouter task attributes both Flex APIs carry, so the agent sees why the visitor is here:
 * topic, the assistant's summary and the key to the assistant's session history.
 * Flex UI reads `name` for the customer's display name and `channelType` for the icon.
 */
export function taskAttributes(escalation: Escalation, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: escalation.visitorName ?? 'Website visitor',
    channelType: 'web',
    ...(escalation.topic ? { topic: escalation.topic } : {}),
    ...(escalation.messageToHumanAgent ? { messageToHumanAgent: escalation.messageToHumanAgent } : {}),
    ...(escalation.summary?.length ? { summary: escalation.summary } : {}),
    ...(escalation.sessionHistoryKey ? { sessionHistoryKey: escalation.sessionHistoryKey } : {}),
    ...(escalation.locale ? { locale: escalation.locale } : {}),
    ...(escalation.additionalData ? { additionalData: escalation.additionalData } : {}),
    ...extra,
  }
}

/** The first message the agent reads (in Twilio and in the sandbox): what the visitor asked for and the assistant's summary. */
export function transcriptText(escalation: Escalation): string | undefined {
  const lines = [
    escalation.topic ? `Topic: ${escalation.topic}` : undefined,
    escalation.messageToHumanAgent,
    ...(escalation.summary ?? []),
  ].filter((line): line is string => Boolean(line?.trim()))
  return lines.length > 0 ? lines.join('\n') : undefined
}
