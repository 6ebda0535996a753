/**
 * How the middleware marks the first message of a Flex Conversations chat: the assistant's summary for the
 * agent. Clients must never show it to the visitor as an agent message.
 * Kept apart from the schemas so a browser bundle can import these two strings without TypeBox.
 */
export const TRANSCRIPT_AUTHOR = 'virtual-assistant'
export const TRANSCRIPT_KIND = 'assistant-transcript'

/**
 * How the middleware marks the messages that tell the agent the visitor left the page or came back
 * (`POST /chats/presence`). Like the transcript, clients must never show them to the visitor.
 */
export const PRESENCE_NOTICE_AUTHOR = 'system'
export const PRESENCE_NOTICE_KIND = 'visitor-presence'
