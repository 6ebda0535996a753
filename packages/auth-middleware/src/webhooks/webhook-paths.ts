/**
 * Where Twilio posts to this server, below TWILIO_WEBHOOK_URL (the server's public base URL) or its own
 * origin. Written once: the routes, the signature check and `doctor` all read them from here.
 */

/** The Conversations post-event webhook of the Flex Chat Service. https://www.twilio.com/docs/conversations/conversations-webhooks */
export const CONVERSATIONS_WEBHOOK_PATH = '/webhooks/twilio/conversations'

/** The TaskRouter workspace's event callback. https://www.twilio.com/docs/taskrouter/api/event#event-callbacks */
export const TASKROUTER_WEBHOOK_PATH = '/webhooks/twilio/taskrouter'

/**
 * Where Twilio posts one webhook, when the server's public base URL is configured (TWILIO_WEBHOOK_URL);
 * undefined otherwise, and the server rebuilds it from the request.
 *
 * @example
 * publicWebhookUrl('https://chat.example.com/', TASKROUTER_WEBHOOK_PATH) // 'https://chat.example.com/webhooks/twilio/taskrouter'
 */
export function publicWebhookUrl(base: string | undefined, path: string): string | undefined {
  return base === undefined ? undefined : base.replace(/\/+$/, '') + path
}

/** The TaskRouter events that mean Flex gave a chat up before any agent accepted it. */
export const GIVE_UP_EVENTS = ['task.canceled', 'workflow.timeout'] as const
