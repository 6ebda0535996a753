import { createHmac, timingSafeEqual } from 'node:crypto'

/** Separates these signatures from everything else the session secret signs (the session JWTs). */
const PURPOSE = 'flex-escalate media link v1'

export interface MediaSignatures {
  /** The `sig` of `GET /media/:chatSid/:mediaSid`: base64url HMAC-SHA256 of the two SIDs. */
  sign(chatSid: string, mediaSid: string): string
  /** Whether `sig` is this middleware's signature of the two SIDs (constant-time). */
  verify(chatSid: string, mediaSid: string, sig: string): boolean
}

/**
 * Signatures that make a media URL lasting and unforgeable: they bind the chat and the file, never expire
 * (a file must open after a reload, days later, as long as Twilio keeps it), and are keyed with the session
 * secret, so rotating that secret revokes every link at once, as it does every session.
 *
 * @example
 * const signatures = createMediaSignatures('a-secret-of-32-characters-or-more')
 * signatures.verify('CH…', 'ME…', signatures.sign('CH…', 'ME…')) // true
 */
export function createMediaSignatures(secret: string): MediaSignatures {
  const sign = (chatSid: string, mediaSid: string) =>
    createHmac('sha256', secret).update(`${PURPOSE}\n${chatSid}\n${mediaSid}`).digest('base64url')
  return {
    sign,
    verify(chatSid, mediaSid, sig) {
      const expected = Buffer.from(sign(chatSid, mediaSid))
      const given = Buffer.from(sig)
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
  }
}
