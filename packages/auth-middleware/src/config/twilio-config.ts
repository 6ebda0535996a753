import type { Env } from './env-schema.js'
import { fail, requireSet } from './variables.js'

/** Which Flex chat API the middleware opens chats on. */
export type ChatApi = 'conversations' | 'programmable-chat'

export interface TwilioConfig {
  accountSid: string
  /** API Key used for REST calls and to sign access tokens (never the Auth Token for signing). */
  apiKeySid: string
  apiKeySecret: string
  /** Only needed to validate `X-Twilio-Signature` on webhooks. */
  authToken: string | undefined
  chatApi: ChatApi
  /** Conversations service (Flex Chat Service) or Programmable Chat service the ChatGrant is for. */
  chatServiceSid: string
  /** Flex Flow of the legacy custom channel; required for `programmable-chat`. */
  flexFlowSid: string | undefined
  workspaceSid: string
  /** Workflow that routes new Interactions; required for `conversations`. */
  workflowSid: string | undefined
  /** Queue asked for availability when a topic has no queue of its own. */
  defaultQueueSid: string | undefined
  /** topic (lower case) → TaskQueue SID. */
  topicQueues: Readonly<Record<string, string>>
  requestTimeoutMs: number
  /** Time budget of the retries of idempotent calls (0: no retries). */
  retryBudgetMs: number
  /** Kept-alive HTTPS connections per Twilio host: calls beyond this wait for a free one. */
  maxSockets: number
  /**
   * Conversations' own timers (ISO 8601), set at creation so an abandoned one never stays open for ever:
   * after this long without a message it goes inactive, then closed. `undefined`: that timer is off.
   * https://www.twilio.com/docs/flex/developer/conversations/best-practices#set-a-close-timer-on-the-conversations
   */
  conversationTimers: { inactive: string | undefined; closed: string | undefined }
  /**
   * The server's public https base URL (no trailing slash), when it differs from what this server sees
   * (proxies): Twilio posts each webhook to it plus the webhook's path.
   */
  webhookUrl: string | undefined
}

function parseTopicQueues(pairs: string[]): Record<string, string> {
  const queues: Record<string, string> = {}
  for (const pair of pairs) {
    const match = /^([^=]+)=(WQ[0-9a-fA-F]{32})$/.exec(pair)
    if (!match) {
      fail('TWILIO_TOPIC_QUEUES', `TWILIO_TOPIC_QUEUES must be a comma-separated list of topic=WQ... pairs (got "${pair}")`)
    }
    // biome-ignore lint/style/noNonNullAssertion: the pattern matched, so both of its groups are set.
    queues[match[1]!.trim().toLowerCase()] = match[2]!
  }
  return queues
}

/**
 * The Twilio settings, in Twilio mode: every credential required, in the order `.env-sample` lists them,
 * so the first missing one is named.
 *
 * @example
 * const twilio = toTwilioConfig(env) // throws "TWILIO_API_KEY_SID is required: ..." when it is missing
 */
export function toTwilioConfig(env: Env): TwilioConfig {
  const accountSid = requireSet('TWILIO_ACCOUNT_SID', env.TWILIO_ACCOUNT_SID)
  const apiKeySid = requireSet('TWILIO_API_KEY_SID', env.TWILIO_API_KEY_SID)
  const apiKeySecret = requireSet('TWILIO_API_KEY_SECRET', env.TWILIO_API_KEY_SECRET)
  const chatServiceSid = requireSet('TWILIO_CHAT_SERVICE_SID', env.TWILIO_CHAT_SERVICE_SID)
  if (env.TWILIO_CHAT_API === 'programmable-chat') {
    requireSet('TWILIO_FLEX_FLOW_SID', env.TWILIO_FLEX_FLOW_SID, ' when TWILIO_CHAT_API=programmable-chat')
  }
  const workspaceSid = requireSet('TWILIO_WORKSPACE_SID', env.TWILIO_WORKSPACE_SID)
  if (env.TWILIO_CHAT_API === 'conversations') {
    requireSet('TWILIO_WORKFLOW_SID', env.TWILIO_WORKFLOW_SID, ' when TWILIO_CHAT_API=conversations')
  }
  return {
    accountSid,
    apiKeySid,
    apiKeySecret,
    authToken: env.TWILIO_AUTH_TOKEN,
    chatApi: env.TWILIO_CHAT_API,
    chatServiceSid,
    flexFlowSid: env.TWILIO_FLEX_FLOW_SID,
    workspaceSid,
    workflowSid: env.TWILIO_WORKFLOW_SID,
    defaultQueueSid: env.TWILIO_QUEUE_SID,
    topicQueues: parseTopicQueues(env.TWILIO_TOPIC_QUEUES),
    requestTimeoutMs: env.TWILIO_TIMEOUT_MS,
    retryBudgetMs: env.TWILIO_RETRY_BUDGET_MS,
    maxSockets: env.TWILIO_MAX_SOCKETS,
    conversationTimers: { inactive: env.TWILIO_CONVERSATION_INACTIVE_AFTER?.iso, closed: env.TWILIO_CONVERSATION_CLOSED_AFTER?.iso },
    webhookUrl: env.TWILIO_WEBHOOK_URL,
  }
}
