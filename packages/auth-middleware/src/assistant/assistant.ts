import type { AssistantMessageReply } from '@flex-escalate/api'

/** Answers the visitor's messages: the built-in scripted assistant or watsonx Assistant. */
export interface Assistant {
  /**
   * `sessionId` undefined starts a conversation; the reply names the session to continue it. `locale` is
   * the visitor's language (BCP 47), when the page sent it.
   */
  reply(sessionId: string | undefined, text: string, locale?: string): Promise<AssistantMessageReply>
}
