import { type BusEvent, type BusEventHumanAgentPreStartChat, BusEventType, type ChatInstance } from '@carbon/ai-chat'
import type { PreChatPrompt } from './pre-chat-prompt.js'

/**
 * Asks the pre-chat questions when the visitor requests an agent, before Carbon calls the desk's `startChat`:
 * Carbon awaits this handler, passes `preStartChatPayload` on to the adapter (which sends it to `/auth` as
 * `preChat`), and connects nobody when `cancelStartChat` is set.
 *
 * @example
 * askBeforeConnecting(instance, new PreChatPrompt())
 */
export function askBeforeConnecting(instance: Pick<ChatInstance, 'on'>, prompt: PreChatPrompt): void {
  instance.on({
    type: BusEventType.HUMAN_AGENT_PRE_START_CHAT,
    // Carbon types every handler with the base `BusEvent`; the type registered says which one it is.
    handler: async (busEvent: BusEvent) => {
      const event = busEvent as BusEventHumanAgentPreStartChat<Record<string, string>>
      const answers = await prompt.ask()
      if (answers === undefined) event.cancelStartChat = true
      else event.preStartChatPayload = answers
    },
  })
}
