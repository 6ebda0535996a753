import type { Twilio } from 'twilio'
import type { TwilioConfig } from '../../config/config.js'
import type { MediaContent } from '../gateway.js'
import { idempotentTwilioCall, isNotFound, type TwilioCallObserver } from './twilio-call.js'

/** Twilio's Media Content Service, where both chat APIs keep the files of messages. */
export const MCS_BASE_URL = 'https://mcs.us1.twilio.com/v1'

/**
 * The part of MCS's Media resource read here, as Twilio documents it
 * (https://www.twilio.com/docs/conversations/api/media-resource, https://www.twilio.com/docs/chat/rest/media):
 * `links.content_direct_temporary` is a pre-signed URL of the content that expires after a few minutes;
 * `channel_sid` the chat (conversation or channel) the file was sent in.
 */
interface McsMedia {
  sid?: unknown
  channel_sid?: unknown
  conversation_sid?: unknown
  links?: { content_direct_temporary?: unknown }
}

/**
 * Reads a fresh temporary URL of a file sent in a chat: `GET /v1/Services/{chatServiceSid}/Media/{mediaSid}` on
 * MCS, with the SDK's credentials (MCS is not in the SDK's generated resources, so through `client.request`).
 * The file must belong to `chatSid`, so that a signature minted for one chat cannot open another chat's file;
 * a file Twilio no longer has (or of another chat) resolves undefined. A read, so retried like the others.
 */
export function createMediaContent(client: Twilio, config: TwilioConfig, observe?: TwilioCallObserver): MediaContent {
  const retry = { budgetMs: config.retryBudgetMs, observe }
  return async (chatSid, mediaSid) => {
    const uri = `${MCS_BASE_URL}/Services/${config.chatServiceSid}/Media/${mediaSid}`
    try {
      const media = await idempotentTwilioCall(
        'read the file from Twilio',
        async () => {
          const response: { statusCode: number; body: unknown } = await client.request({ method: 'get', uri })
          // `client.request` resolves on any status: throw what the other SDK calls throw, so retries and 404 work.
          if (response.statusCode >= 300)
            throw Object.assign(new Error(`MCS answered ${response.statusCode}`), { status: response.statusCode })
          return (typeof response.body === 'string' ? JSON.parse(response.body) : response.body) as McsMedia
        },
        retry,
      )
      const owner = media.channel_sid ?? media.conversation_sid
      if (owner !== undefined && owner !== chatSid) return undefined
      const url = media.links?.content_direct_temporary
      return typeof url === 'string' && /^https:\/\//.test(url) ? url : undefined
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw err
    }
  }
}
