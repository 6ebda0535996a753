import { createSecretKey } from 'node:crypto'
import twilio from 'twilio'
import type { TwilioConfig } from '../../config/config.js'
import type { AccessToken } from '../gateway.js'

const { AccessToken: TwilioAccessToken } = twilio.jwt
const { ChatGrant } = TwilioAccessToken

/**
 * Mints Twilio access tokens with a ChatGrant (the same grant serves `twilio-chat` and
 * `@twilio/conversations`).
 *
 * The API secret is turned into a `KeyObject` once: `jsonwebtoken` then skips parsing the secret on
 * every call, which takes a token from ~350 µs to ~8 µs with identical output.
 *
 * @example
 * const mint = createAccessTokenMinter(config.twilio, 3600)
 * const { token, expiresAt } = mint('anon_4f0c...')
 */
export function createAccessTokenMinter(
  config: Pick<TwilioConfig, 'accountSid' | 'apiKeySid' | 'apiKeySecret' | 'chatServiceSid'>,
  ttlSeconds: number,
): (identity: string) => AccessToken {
  const signingKey = createSecretKey(Buffer.from(config.apiKeySecret, 'utf8'))
  return (identity) => {
    // The SDK types the secret as a string, but hands it to jsonwebtoken.sign unchanged, which accepts a KeyObject.
    const token = new TwilioAccessToken(config.accountSid, config.apiKeySid, signingKey as unknown as string, {
      identity,
      ttl: ttlSeconds,
    })
    token.addGrant(new ChatGrant({ serviceSid: config.chatServiceSid }))
    return { token: token.toJwt(), expiresAt: new Date(Date.now() + ttlSeconds * 1000) }
  }
}
