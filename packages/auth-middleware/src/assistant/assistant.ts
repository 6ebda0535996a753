import type { AssistantMessageReply } from '@flex-escalate/api'

/** Answers the visitor's messages: the built-in scripted assistant or watsonx Assistant. */
export interface Assistant {
  /** `sessionId` undefined starts a conversation; the reply names the session to continue it. */
  reply(sessionId: string | undefined, text: string): Promise<AssistantMessageReply>
}
