/**
 * What the Twilio SDKs throw when Twilio refuses a call with 429 Too Many Requests. Neither SDK's `.d.ts`
 * exports these classes, so the fakes build the same objects, field by field, from the SDKs' source:
 * twilsock's `TwilsockUpstreamError` (`new TwilsockUpstreamError(status, description, body)`, thrown for
 * every upstream reply that is not 2xx, so for `sendMessage`, `setAllMessagesRead`, `typing`) and
 * `@twilio/mcs-client`'s `TransportError` (media uploads).
 */

/** twilsock's `TwilsockUpstreamError` for a 429, with the body Twilio sends (error 20429). */
export function tooManyRequests(): Error {
  const body = { status: 429, code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429' }
  return Object.assign(new Error('Too Many Requests'), { status: 429, description: 'Too Many Requests', body })
}

/** `@twilio/mcs-client`'s `TransportError` for a 429 (`code` is the HTTP status, `status` its text). */
export function mediaTooManyRequests(): Error {
  return Object.assign(new Error('Too Many Requests'), { code: 429, status: 'Too Many Requests', body: null, headers: {} })
}
