import {
  type ConnectToHumanAgentItem,
  type GenericItem,
  type MessageResponse,
  MessageResponseTypes,
  type OptionItem,
  OptionItemPreference,
  type TextItem,
} from '@carbon/ai-chat'
import type { AssistantItem, AssistantMessageReply } from '@flex-escalate/api'

/** Carbon's connect item plus `topic`, which watsonx sends and the adapter routes on (Carbon's type omits it). */
type ConnectItemWithTopic = ConnectToHumanAgentItem & { topic?: string }

/**
 * The middleware's reply as a Carbon message response. Only two fields differ in shape: `response_type` is
 * Carbon's enum, and the summary for the agent, a string in the contract, becomes the `TextItem[]` Carbon's
 * type (and the adapter) expect, one item per line.
 */
export function toMessageResponse(reply: AssistantMessageReply, requestId?: string): MessageResponse {
  return {
    id: crypto.randomUUID(),
    ...(requestId ? { request_id: requestId } : {}),
    output: { generic: reply.output.generic.map(toGenericItem) },
  }
}

export function toGenericItem(item: AssistantItem): GenericItem {
  switch (item.response_type) {
    case 'text': {
      const text: TextItem = { response_type: MessageResponseTypes.TEXT, text: item.text }
      return text
    }
    case 'option': {
      const option: OptionItem = {
        response_type: MessageResponseTypes.OPTION,
        title: item.title,
        // Buttons rather than Carbon's dropdown (its default above four options): one click to "Talk to a person".
        preference: OptionItemPreference.BUTTON,
        options: item.options.map((o) => ({ label: o.label, value: { input: { text: o.value.input.text } } })),
      }
      return option
    }
    case 'connect_to_agent': {
      const summary = item.transfer_info.summary_message_to_agent
      const connect: ConnectItemWithTopic = {
        response_type: MessageResponseTypes.CONNECT_TO_HUMAN_AGENT,
        message_to_human_agent: item.message_to_human_agent,
        agent_available: item.agent_available,
        agent_unavailable: item.agent_unavailable,
        transfer_info: {
          ...(summary ? { summary_message_to_agent: summaryLines(summary) } : {}),
          ...(item.transfer_info.additional_data ? { additional_data: item.transfer_info.additional_data } : {}),
        },
        ...(item.topic ? { topic: item.topic } : {}),
      }
      return connect
    }
  }
}

function summaryLines(summary: string): TextItem[] {
  return summary
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((text) => ({ response_type: MessageResponseTypes.TEXT, text }))
}
