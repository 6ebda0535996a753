import { MessageResponseTypes, OptionItemPreference, type MessageResponse } from '@carbon/ai-chat'

/** Questions the scripted assistant knows, offered as buttons so the demo can be driven with clicks. */
const STARTERS = ['Where is my order?', 'I have a billing question', 'I need technical help', 'Talk to a person']

export function welcomeResponse(requestId: string | undefined): MessageResponse {
  return {
    ...(requestId ? { request_id: requestId } : {}),
    output: {
      generic: [
        {
          response_type: MessageResponseTypes.TEXT,
          text: "Hi, I'm Lumen, the Lumen Outdoor assistant. Ask me about orders, returns, billing or your gear, or ask for a person at any time.",
        },
        {
          response_type: MessageResponseTypes.OPTION,
          title: 'Popular questions',
          preference: OptionItemPreference.BUTTON,
          options: STARTERS.map((label) => ({ label, value: { input: { text: label } } })),
        },
      ],
    },
  }
}
